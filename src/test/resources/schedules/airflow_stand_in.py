"""Imports an Airflow DAG file with stand-in airflow modules (Airflow is not installable here) and prints, as JSON,
the operators it built (task id, command, master, pool, upstream task ids), the DAG's arguments, how its run_stage
treats each exit code of a command (ok, fail without retries, or retry), what a stage's output left in the task log
and the UAE_MASTER a given master reached.

    python3 airflow_stand_in.py DAG_FILE
"""
import importlib.util
import json
import logging
import sys
import types

built = []


class DAG:
    def __init__(self, **kwargs):
        self.kwargs = kwargs

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        return False


class PythonOperator:
    def __init__(self, task_id, python_callable, op_kwargs, pool=None, **kwargs):
        self.task_id = task_id
        self.python_callable = python_callable
        self.op_kwargs = op_kwargs
        self.pool = pool
        self.upstream = []
        built.append(self)

    def __rshift__(self, other):
        other.upstream.append(self.task_id)
        return other


class AirflowException(Exception):
    pass


class AirflowFailException(AirflowException):
    pass


def module(name, **members):
    m = types.ModuleType(name)
    m.__dict__.update(members)
    sys.modules[name] = m
    return m


module("airflow", DAG=DAG)
module("airflow.exceptions", AirflowException=AirflowException, AirflowFailException=AirflowFailException)
module("airflow.operators")
module("airflow.operators.python", PythonOperator=PythonOperator)

spec = importlib.util.spec_from_file_location("dag_under_test", sys.argv[1])
dag_module = importlib.util.module_from_spec(spec)
spec.loader.exec_module(dag_module)

# The stage's output reaches the task log (logging), and a master given reaches the command's environment.
logged = []
logging.basicConfig(level=logging.INFO, handlers=[type("Capture", (logging.Handler,), {
    "emit": lambda self, record: logged.append(record.getMessage())})()])
built[0].python_callable(["sh", "-c", "echo driver out; echo driver err >&2"])
built[0].python_callable(["sh", "-c", 'echo "master=$UAE_MASTER"'], master="yarn")

exits = {}
for code in (0, 2, 3, 4, 5):
    try:
        built[0].python_callable(["sh", "-c", f"exit {code}"])
        exits[code] = "ok"
    except AirflowFailException:
        exits[code] = "fail"
    except AirflowException:
        exits[code] = "retry"

print(json.dumps({
    "tasks": [{"id": o.task_id, "command": o.op_kwargs["command"], "master": o.op_kwargs.get("master"),
               "pool": o.pool, "upstream": sorted(o.upstream)} for o in built],
    "dag": {k: (v if isinstance(v, (int, str)) else repr(v)) for k, v in dag_module.dag.kwargs.items()},
    "defaultArgs": {k: (v if isinstance(v, int) else v.total_seconds()) for k, v in dag_module.dag.kwargs["default_args"].items()},
    "exits": exits,
    "logged": logged,
}))
