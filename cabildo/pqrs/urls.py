app_name = "pqrs"

urlpatterns: list = []
