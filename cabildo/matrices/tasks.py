"""Background job of the matrices: reading a large import file."""

from __future__ import annotations

from celery import shared_task

from cabildo.matrices import services


@shared_task(name="cabildo.matrices.tasks.read_matrix")
def read_matrix(job_id: int) -> str:
    return services.matrix_import_read(job_id=job_id).status
