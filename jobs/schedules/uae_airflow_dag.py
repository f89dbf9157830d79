"""Airflow DAG running the uae-spark pipeline through jobs/uae (spark-submit), one task per stage.

The run id is the logical date, so a retried or re-triggered task finds the run it belongs to: every stage keeps
an output already published from identical inputs (exit 0), and the attack resumes from its committed work
units. Exit code 3 (input validation failed) and 2 (configuration error) are not worth retrying; they fail the
task visibly. The grid (models x arms) comes from the profile's uae.retrain section; this DAG trains and attacks
the models of conf/cpu-mnist.conf. `jobs/uae run --profile cpu-mnist` does the same in one task.

A run directory has one writer at a time (its lock, README "Operating it"). The train and attack tasks below may
start in parallel; `lock.wait` makes each wait for the run instead of failing, so they take turns (each uses the
whole cluster anyway).
"""
from datetime import datetime

from airflow import DAG
from airflow.operators.bash import BashOperator

UAE_HOME = "/opt/uae-spark"
PROFILE = "cpu-mnist"
MODELS = ["adversarial", "conv", "sparse", "dense"]
# The rows per sample of every attack (uae.attack.repeats) follow the profile's uae.retrain.repeats; the attack
# limit (uae.attack.limit) and the attack profiles come from the profile itself.
ARMS = {"mine-cpu": "--method mine --attack-profile cpu", "l2-cpu": "--method l2 --attack-profile cpu",
        "gaussian-0.01": "--method gaussian --sigma 0.01",
        "gaussian-0.001": "--method gaussian --sigma 0.001"}
ENV = {"UAE_MASTER": "spark://spark-master:7077", "UAE_DRIVER_MEMORY": "4g"}
LOCK_WAIT = "12h"  # longer than the longest stage of the profile


def stage(task_id, args):
    return BashOperator(
        task_id=task_id,
        bash_command=f"cd {UAE_HOME} && jobs/uae {args} --profile {PROFILE} --run-id uae-{{{{ ds_nodash }}}} "
        f"--set lock.wait={LOCK_WAIT}",
        env=ENV,
        append_env=True,
    )


with DAG(
    dag_id="uae_spark",
    start_date=datetime(2026, 11, 1),
    schedule="@weekly",
    catchup=False,
    default_args={"retries": 2},
) as dag:
    ingest = stage("ingest", "ingest")
    retrain = stage("retrain", "retrain")
    evaluate = stage("evaluate", "evaluate")
    report = stage("report", "report")
    for model in MODELS:
        train = stage(f"train_{model}", f"train --model {model}")
        ingest >> train
        for arm, args in ARMS.items():
            attack = stage(f"attack_{model}_{arm.replace('.', '_')}", f"attack --model {model} {args}")
            train >> attack >> retrain
    retrain >> evaluate >> report
