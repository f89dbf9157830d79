"""Airflow DAG running uae-spark stages through jobs/uae (spark-submit).

Each stage is one task; the run id is the logical date, so a retried or re-triggered task finds the run it
belongs to and an identical, already published table is kept (exit 0). Exit code 3 (input validation failed)
and 2 (configuration error) are not worth retrying; Airflow's `skip_on_exit_code` is not used so that they fail
the task visibly. Stages after ingest are added here as they land.
"""
from datetime import datetime

from airflow import DAG
from airflow.operators.bash import BashOperator

UAE_HOME = "/opt/uae-spark"

with DAG(
    dag_id="uae_spark",
    start_date=datetime(2026, 11, 1),
    schedule="@daily",
    catchup=False,
    default_args={"retries": 1},
) as dag:
    ingest = BashOperator(
        task_id="ingest",
        bash_command=(
            f"cd {UAE_HOME} && jobs/uae ingest --profile paper-mnist --run-id uae-{{{{ ds_nodash }}}}"
        ),
        env={"UAE_MASTER": "spark://spark-master:7077", "UAE_DRIVER_MEMORY": "4g"},
        append_env=True,
    )
