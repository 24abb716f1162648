app_name = "bodies"

urlpatterns: list = []
