import factory

from cabildo.matrices.models import MatrixImport, MatrixImportStatus
from tests.factories import EntityFactory


class MatrixImportFactory(factory.django.DjangoModelFactory):
    """A pending import of the grupos de valor matrix (no uploader: only its uploader may
    open it)."""

    class Meta:
        model = MatrixImport

    entity = factory.SubFactory(EntityFactory)
    kind = "grupos-de-valor"
    file_name = "grupos.xlsx"
    status = MatrixImportStatus.PENDING
    rows = factory.LazyFunction(list)
