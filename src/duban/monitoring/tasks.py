"""The background job that brings stored results current (run by ``duban db_worker``)."""

from datetime import date

from django_tasks import task


@task()
def refresh_results(as_of: str) -> int:
    from duban.monitoring.freshness import bring_current

    return bring_current(as_of=date.fromisoformat(as_of))


def results_step(as_of: date) -> str:
    """``duban tick``: recompute the periods the date made stale (a deadline passed: 待报)."""
    from duban.monitoring.freshness import bring_current

    return f"结果：重新计算 {bring_current(as_of=as_of)} 个期间"
