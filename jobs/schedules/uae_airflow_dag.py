"""Airflow DAG running the uae-spark pipeline through jobs/uae, one task per stage, built from `uae plan`.

The tasks, their commands and their dependencies are not written here: they are read from the plan that
`jobs/uae plan --profile cpu-mnist --format json` prints (PLAN_FILE, shipped for conf/cpu-mnist.conf; regenerate it
whenever the profile changes, or point PLAN_FILE at your own profile's plan). The test suite checks that the shipped
plan is the profile's current one and that this file builds exactly the plan's commands.

The run id is the logical date, so a retried or re-triggered task finds the run it belongs to: every stage keeps an
output already published from identical inputs, and the attack resumes from its committed work units. Exit code 2
(configuration error) and 3 (input validation failed: nothing was published) fail the task at once, without
retries; any other failure (4, a lost cluster) is retried. A run directory has one writer at a time (its lock,
src/site/markdown/operating.md, "Operating it"), and each stage takes the whole cluster: every task runs in the pool POOL (create it with one
slot: `airflow pools set uae_spark 1 "uae-spark stages"`), so stages of different runs, or of this DAG and another
that uses the pool, never overlap; `lock.wait` makes a task wait for a run still held by a manual command instead
of failing.

The Spark master comes from the Airflow Variable `uae_master` (e.g. spark://spark-master:7077 or yarn); unset,
jobs/uae uses the worker's UAE_MASTER, else local[*]. The driver's output (stdout and stderr of jobs/uae) goes
to the task's log line by line.
"""
import json
import logging
import os
import subprocess
from datetime import datetime, timedelta
from pathlib import Path

from airflow import DAG
from airflow.exceptions import AirflowException, AirflowFailException
from airflow.operators.python import PythonOperator

UAE_HOME = Path(os.environ.get("UAE_HOME", "/opt/uae-spark"))
# bin/uae in an unpacked distribution, jobs/uae (the same script) in a checkout.
LAUNCHER = UAE_HOME / "bin" / "uae" if (UAE_HOME / "bin" / "uae").exists() else UAE_HOME / "jobs" / "uae"
PLAN_FILE = Path(os.environ.get("UAE_PLAN_FILE", UAE_HOME / "jobs" / "schedules" / "cpu-mnist.plan.json"))
POOL = "uae_spark"
MASTER = "{{ var.value.get('uae_master', '') }}"
LOCK_WAIT = "12h"  # longer than the longest stage of the profile
NOT_RETRIED = {2: "configuration error", 3: "input validation failed, nothing published"}


def stage_command(args, common, run_id):
    """The command line of one planned task for the run `run_id`."""
    return [str(LAUNCHER), *args, *common, "--run-id", run_id, "--set", f"lock.wait={LOCK_WAIT}"]


def run_stage(command, master=""):
    """Runs one stage, its output into the task's log; exit 2 and 3 fail the task without retries, any other
    failure is retried. A non-empty `master` becomes UAE_MASTER."""
    env = {**os.environ, **({"UAE_MASTER": master} if master else {})}
    log = logging.getLogger("uae")
    with subprocess.Popen(command, cwd=UAE_HOME, env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT,
                          text=True) as process:
        for line in process.stdout:
            log.info("%s", line.rstrip("\n"))
    code = process.returncode
    if code in NOT_RETRIED:
        raise AirflowFailException(f"{' '.join(command)}: exit {code} ({NOT_RETRIED[code]}); not retried")
    if code != 0:
        raise AirflowException(f"{' '.join(command)}: exit {code}")


def build_tasks(plan, run_id="uae-{{ ds_nodash }}"):
    """One operator per planned task (its command templated with `run_id`), wired as the plan's `after` says."""
    operators = {}
    for task in plan["tasks"]:
        operators[task["id"]] = PythonOperator(
            task_id=task["id"],
            python_callable=run_stage,
            op_kwargs={"command": stage_command(task["args"], plan["common"], run_id), "master": MASTER},
            pool=POOL,
        )
    for task in plan["tasks"]:
        for upstream in task["after"]:
            operators[upstream] >> operators[task["id"]]
    return operators


with DAG(
    dag_id="uae_spark",
    start_date=datetime(2026, 11, 1),
    schedule="@weekly",
    catchup=False,
    max_active_runs=1,
    default_args={"retries": 2, "retry_delay": timedelta(minutes=10), "execution_timeout": timedelta(hours=12)},
) as dag:
    build_tasks(json.loads(PLAN_FILE.read_text()))
