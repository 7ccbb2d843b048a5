"""The kernel server's own checks, run in fresh interpreters (they import, redirect streams and fork)."""

import json
import subprocess
import sys
import textwrap

from jusolib.render.kernel_server import NEVER_PRELOAD, PRELOAD, _thread_number


def run(code: str, tmp_path) -> dict:
    """Run ``code`` in a fresh interpreter with ``tmp_path`` importable; it prints one JSON object last."""
    done = subprocess.run(
        [sys.executable, "-c", textwrap.dedent(code)],
        capture_output=True,
        text=True,
        cwd=tmp_path,
        env={**__import__("os").environ, "PYTHONPATH": str(tmp_path)},
        timeout=120,
        check=True,
    )
    return json.loads(done.stdout.strip().splitlines()[-1])


def test_preload_refuses_imports_that_a_cold_kernel_would_show_or_that_change_settings(tmp_path):
    (tmp_path / "quiet_module.py").write_text(
        "import os, warnings\nwarnings.filterwarnings('ignore', message='quiet')\nos.environ['QUIET_SET'] = '1'\n",
        encoding="utf-8",
    )
    (tmp_path / "noisy_module.py").write_text("print('hello from an import')\n", encoding="utf-8")
    (tmp_path / "warning_module.py").write_text(
        "import warnings\nwarnings.warn('a cold kernel shows this', UserWarning)\n", encoding="utf-8"
    )
    (tmp_path / "settings_module.py").write_text(
        "import matplotlib\nmatplotlib.rcParams['font.size'] = 3\n", encoding="utf-8"
    )
    found = run(
        """
        import json
        from jusolib.render.kernel_server import preload
        results = {}
        for name in ("quiet_module", "noisy_module", "warning_module", "settings_module", "no_such_module"):
            p = preload((name,))
            results[name] = {"failure": p.failure, "environ": p.environ, "filters": [str(f[1]) for f in p.filters]}
        import pandas
        results["pandas"] = {"max_columns": pandas.get_option("display.max_columns"),
                             "encoding": pandas.get_option("display.encoding")}
        print(json.dumps(results))
        """,
        tmp_path,
    )
    quiet = found["quiet_module"]
    assert quiet["failure"] is None
    # each kernel gets what the imports set, as its own imports would have set it (the debugger sets the other)
    assert quiet["environ"] == {"QUIET_SET": "1", "PYDEVD_USE_FRAME_EVAL": "NO"}
    # the filters the imports added, last import first (numpy's too); each kernel puts them before its own
    assert quiet["filters"][0] == "re.compile('quiet', re.IGNORECASE)"
    assert "re.compile('numpy.ndarray size changed', re.IGNORECASE)" in quiet["filters"]
    assert "printed something" in found["noisy_module"]["failure"]
    assert "hello from an import" in found["noisy_module"]["failure"]
    assert "a cold kernel shows this" in found["warning_module"]["failure"]
    assert (
        "changed matplotlib's or pandas' settings: ['matplotlib font.size']"
        in found["settings_module"]["failure"]
    )
    assert "No module named 'no_such_module'" in found["no_such_module"]["failure"]
    # pandas was imported as inside a kernel: 20 columns and the kernel's spelling of its streams' encoding
    assert found["pandas"] == {"max_columns": 20, "encoding": "UTF-8"}


def test_forkable_refuses_threads_open_files_and_modules_that_belong_in_the_kernel(tmp_path):
    found = run(
        """
        import json, socket, threading, time
        from jusolib.render.kernel_server import forkable
        listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
        results = {"clean": forkable(listener)}
        handle = open(__import__("os").devnull, "rb")
        results["open file"] = forkable(listener)
        handle.close()
        stop = threading.Event()
        thread = threading.Thread(target=stop.wait, name="worker")
        thread.start()
        results["thread"] = forkable(listener)
        stop.set(); thread.join()
        import tqdm
        results["tqdm"] = forkable(listener)
        print(json.dumps(results))
        """,
        tmp_path,
    )
    assert found["clean"] is None
    assert found["open file"] == "files are open that every kernel would share: ['/dev/null']"
    assert found["thread"] == "the imports started Python threads: ['MainThread', 'worker']"
    assert found["tqdm"] == "modules that must be imported inside the kernel were imported: ['tqdm']"


def test_what_is_preloaded_and_what_never_is():
    assert "jusolib.notebook" in PRELOAD and "pandas" in PRELOAD and "seaborn" in PRELOAD
    assert not set(PRELOAD) & set(NEVER_PRELOAD)
    assert "matplotlib_fontja" in NEVER_PRELOAD  # it sets matplotlib's font family when imported


def test_thread_number_reads_without_taking():
    import threading

    first = _thread_number()
    assert _thread_number() == first
    threading.Thread(target=lambda: None)  # an unnamed thread takes a number
    assert _thread_number() == first + 1
