"""Warm kernels against cold ones: the same state after the same imports, nothing shared, a cold start where a
warm one cannot be made. The outputs of the real notebooks are compared in tests/integration/test_render_reports.py.
"""

import json
import os
import sys

import nbformat
import pytest
from nbclient import NotebookClient

from jusolib.core.paths import NOTEBOOKS_DIR
from jusolib.render import kernels
from jusolib.render.batch import KERNEL, KERNEL_ARGUMENTS
from jusolib.render.kernel_server import PRELOAD

pytestmark = pytest.mark.skipif(
    not sys.platform.startswith("linux"), reason="warm kernels are made on Linux only"
)

#: What a notebook can see of its kernel's state, printed as JSON.
PROBE = r"""
import collections, gc, json, logging, os, signal, sys, threading, warnings
import matplotlib, matplotlib.pyplot as plt, numpy as np, pandas as pd
plt.close(plt.figure())  # the backend is chosen at the first figure
ip = get_ipython()
name = lambda f: getattr(f, "__qualname__", repr(f))
options = pd._config.config
def fd_kind(fd):
    target = os.readlink(f"/proc/self/fd/{fd}")
    return target.split(":")[0] + (target.split("[")[0].split(":")[-1] if "anon_inode" in target else "")
fds = [f for f in os.listdir("/proc/self/fd") if os.path.exists(f"/proc/self/fd/{f}")]
print(json.dumps({
    "cwd": os.getcwd(), "path": sys.path, "env": dict(os.environ), "argv0": sys.argv[0], "argv": sys.argv[1:],
    "pandas": {k: repr(pd.get_option(k)) for k in sorted(options._registered_options) if k not in options._deprecated_options},
    "rc": {k: repr(v) for k, v in sorted(matplotlib.rcParams.items())},
    "backend": matplotlib.get_backend(),
    "filters": [repr(f) for f in warnings.filters],
    "events": {k: [name(f) for f in v] for k, v in ip.events.callbacks.items()},
    "formatters": {k: [type(v).__name__, v.enabled] for k, v in ip.display_formatter.formatters.items()},
    "logging": [type(h).__name__ for h in logging.root.handlers],
    "threads": sorted(t.name for t in threading.enumerate()),
    "signals": {s: repr(signal.getsignal(getattr(signal, s))) for s in ("SIGINT", "SIGTERM", "SIGCHLD", "SIGPIPE")},
    "numpy": [repr(np.get_printoptions()), np.geterr()],
    "main": type(sys.modules["__main__"]).__name__,
    "fds": sorted(collections.Counter(fd_kind(f) for f in fds).items()),  # not their numbers: their order of opening
    "gc": [gc.isenabled(), gc.get_threshold()],
    "stdin": os.readlink("/proc/self/fd/0").split(":")[0],
    "own_session": os.getsid(0) == os.getpid(),
    "hooks": [type(sys.displayhook).__name__, name(sys.excepthook)],
    "modules": sorted(sys.modules),
}))
"""


def run_cells(sources, manager=None):
    notebook = nbformat.v4.new_notebook()
    notebook.cells = [nbformat.v4.new_code_cell(source) for source in sources]
    notebook.metadata["kernelspec"] = {"name": KERNEL, "display_name": "Python 3", "language": "python"}
    options = {"kernel_manager_class": manager} if manager is not None else {}
    client = NotebookClient(
        notebook,
        kernel_name=KERNEL,
        extra_arguments=KERNEL_ARGUMENTS,
        resources={"metadata": {"path": str(NOTEBOOKS_DIR)}},
        **options,
    )
    client.execute()
    return notebook


def printed(cell):
    return "".join(
        o.get("text", "") for o in cell.outputs if o.output_type == "stream" and o.name == "stdout"
    )


@pytest.fixture(scope="module")
def warm(tmp_path_factory):
    """One kernel server for the module; when it ends, it must leave no process and no folder behind."""
    from jupyter_client.connect import write_connection_file

    connection, _ = write_connection_file(str(tmp_path_factory.mktemp("kernel") / "kernel.json"))
    with kernels.warm_kernels(KERNEL, str(NOTEBOOKS_DIR)) as manager:
        assert manager is kernels.WarmKernelManager
        server = manager.server
        assert server.request("hello") == {"ok": True, "error": None}
        yield manager
        # a kernel that ends at once (``--version``) and one still running when the render ends
        ended = server.request("launch", args=["--version"], env=dict(os.environ), cwd=str(NOTEBOOKS_DIR))
        running = server.request(
            "launch", args=["-f", connection], env=dict(os.environ), cwd=str(NOTEBOOKS_DIR)
        )
        assert server.request("poll", pid=running["pid"]) == {"returncode": None}  # a kernel, up and waiting
    assert server.process.returncode == 0 and not os.path.exists(server.folder)
    for started in (ended, running):
        with pytest.raises(ProcessLookupError):
            os.kill(started["pid"], 0)  # gone (signal 0 only asks)


def test_a_warm_kernel_is_a_cold_kernel_that_imported_the_same_modules(warm):
    imports = f"import importlib\nfor module in {PRELOAD!r}:\n    importlib.import_module(module)"
    cold = run_cells([imports, PROBE])
    warmed = run_cells([imports, PROBE], warm)
    assert cold.cells[0].outputs == warmed.cells[0].outputs == []  # the imports print nothing
    cold_state, warm_state = json.loads(printed(cold.cells[1])), json.loads(printed(warmed.cells[1]))
    for state in (cold_state, warm_state):  # each kernel has its own connection file
        assert state["argv"][1].endswith(".json")
        state["argv"][1] = "connection file"
    for state in (cold_state, warm_state):
        state["env"].pop("PYTEST_CURRENT_TEST")  # pytest's, set for each step of a test
    for key in cold_state:
        assert warm_state[key] == cold_state[key], key
    assert warm_state["backend"] == "module://matplotlib_inline.backend_inline"
    assert "flush_figures" in warm_state["events"]["post_execute"]  # the inline backend hooked into the shell


def test_warm_kernels_share_nothing(warm):
    first = run_cells(
        [
            "import os, numpy, jusolib\njusolib.left_here = 1\nleft_too = 2\n"
            "print(os.getpid(), os.getppid(), numpy.random.get_state()[1][1])"
        ],
        warm,
    )
    second = run_cells(
        [
            "import os, numpy, jusolib\n"
            "print(os.getpid(), os.getppid(), numpy.random.get_state()[1][1], hasattr(jusolib, 'left_here'),"
            " 'left_too' in globals())"
        ],
        warm,
    )
    pid1, parent1, seed1 = printed(first.cells[0]).split()
    pid2, parent2, seed2, attribute, name = printed(second.cells[0]).split()
    assert pid1 != pid2 and parent1 == parent2 == str(warm.server.process.pid)  # forked by the server
    assert seed1 != seed2  # numpy's global generator reseeded, as a cold import seeds it
    assert (attribute, name) == ("False", "False")


def test_the_next_kernel_starts_ahead_and_is_adopted(warm, monkeypatch):
    monkeypatch.setattr(kernels.WarmKernelManager, "spares", 2)  # two kernels to start ahead
    try:
        first = run_cells(["import os\nprint(os.getpid())"], warm)
        spare = kernels.WarmKernelManager._spare
        assert spare is not None and os.path.isfile(spare.connection_file)
        second = run_cells(["import os\nprint(os.getpid())"], warm)
        assert (
            printed(second.cells[0]).strip() == str(spare.provisioner.pid) != printed(first.cells[0]).strip()
        )
    finally:
        left = kernels.WarmKernelManager._spare
        kernels.WarmKernelManager.discard_spare()
    assert left is not None and not os.path.exists(left.connection_file)
    assert warm.server.request("poll", pid=left.provisioner.pid)["returncode"] is not None  # stopped


def test_a_kernel_that_cannot_be_forked_starts_cold_and_says_so(warm, monkeypatch, capsys):
    monkeypatch.setenv("JUSOLIB_TEST_SOMETHING_NEW", "1")  # the server's environment does not have it
    monkeypatch.setattr(kernels, "_said", set())
    notebook = run_cells(["import os\nprint(os.getppid(), os.environ['JUSOLIB_TEST_SOMETHING_NEW'])"], warm)
    parent, value = printed(notebook.cells[0]).split()
    assert parent == str(os.getpid()) and value == "1"  # started by this process, as jupyter_client starts it
    assert (
        "warm kernels unavailable: the kernel's environment differs from the warm kernels' "
        in capsys.readouterr().err
    )


def test_the_server_answers_only_for_its_own_kernels(warm):
    assert warm.server.request("poll", pid=1) == {"error": "no kernel 1 here"}
    assert warm.server.request("fly") == {"error": "unknown request 'fly'"}


@pytest.mark.parametrize(
    ("setting", "reason"),
    [
        ({"platform": "darwin"}, "warm kernels are made on Linux only, not on darwin"),
        ({"env": "0"}, "warm kernels turned off (JUSOLIB_WARM_KERNELS=0)"),
    ],
)
def test_where_warm_kernels_cannot_be_made_the_render_says_why(monkeypatch, capsys, setting, reason):
    if "platform" in setting:
        monkeypatch.setattr(sys, "platform", setting["platform"])
    else:
        monkeypatch.setenv(kernels.WARM_ENV, setting["env"])
    monkeypatch.setattr(kernels, "_said", set())
    with kernels.warm_kernels(KERNEL, str(NOTEBOOKS_DIR)) as manager:
        assert manager is None
    assert f"jusolib render: warm kernels unavailable: {reason}; each notebook starts its own kernel" in (
        capsys.readouterr().err
    )
