"""The process every warm kernel is forked from: it imports what the report notebooks import, then waits.

``jusolib render`` starts it (:class:`jusolib.render.kernels.KernelServer`) with the interpreter, flags,
environment and working folder that a kernel would get, as ``python -m jusolib.render.kernel_server SOCKET``.
It imports :data:`PRELOAD` once; then, for each notebook, it forks a child that becomes an ordinary IPython kernel
(``ipykernel_launcher -f CONNECTION_FILE``): the child is a fresh process that has paid for none of the imports,
and nothing one notebook does is visible in another — each kernel is a copy of this process, which never runs
notebook code.

A warm kernel must behave as a cold kernel that imported :data:`PRELOAD` in its first cell. The imports are
therefore made as they would be made inside a kernel, and this process refuses to serve (the render then starts
its kernels cold, saying why) when it cannot show that they were:

* **Environment.** ``MPLBACKEND`` is set as ipykernel sets it before matplotlib is imported (matplotlib reads it
  at import). pandas asks at import whether it runs in a Jupyter kernel (``get_ipython().kernel``; the answer
  sets ``display.max_columns`` to 20 instead of 0): it is told yes, as a kernel's shell would tell it. Modules
  that configure themselves from the running shell when imported (matplotlib's inline backend, tqdm) are never
  imported here (:data:`NEVER_PRELOAD`); matplotlib resolves its backend in the kernel, at the first figure.
* **Silence.** Anything the imports print, or warn, would be in a cold kernel's first output and not in a warm
  one's: the imports must print nothing.
* **Threads.** ``fork`` copies only the thread that calls it. The BLAS libraries that numpy and scipy load keep a
  pool of threads, which they shut down themselves before a fork (``pthread_atfork``) and start again in the
  child when needed. This process checks, with one fork before serving, that no other thread survives a fork,
  and that it has no Python thread at all.
* **Files.** A child shares the offset of every file its parent had open (two kernels reading one font file
  would read each other's positions). No file may be open here: only the standard streams and the socket.
  matplotlib reads a font file when it first draws text, which this process never does.
* **Warning filters.** A module's ``warnings.filterwarnings`` at import puts its filter first. In a cold kernel
  the kernel's own filters come first and the notebook's imports put theirs in front of them; the child moves the
  filters added by :data:`PRELOAD` back in front after the kernel has started, so the order is the same.
* **Randomness.** Python's ``random`` reseeds itself in a forked child; numpy's legacy global generator is
  reseeded from the operating system's entropy, as at a cold import. (String hashes keep this process's seed:
  like any seed it is one a cold kernel could have drawn.)

The child becomes a kernel as ``ipykernel_launcher`` would make it: a new session (``setsid``, as jupyter_client
starts kernels), the working folder, the environment and ``sys.argv`` of the launch request, standard input a
pipe whose other end is closed, then ``IPKernelApp.initialize()`` and ``start()``. It ends as the interpreter ends
a process (its threads, ``atexit``, the standard streams: :func:`exit_kernel`) but without taking every module
apart, which only the server's copies would feel.

Requests come over a Unix socket in a private folder, one JSON line per connection:
``{"op": "launch", "args": [...], "env": {...}, "cwd": "..."}`` → ``{"pid": N}``; ``{"op": "poll", "pid": N}`` →
``{"returncode": null | int}``; ``{"op": "signal", "pid": N, "signum": S}`` → ``{"returncode": …}``. A kernel's
exit status stays known to this process until it is asked for, so a number is never mistaken for another process
that got the same one. Standard input is the render's lifeline: at its end this process kills the kernels it
still has and exits.
"""

from __future__ import annotations

import io
import json
import os
import re
import signal
import socket
import sys
from dataclasses import dataclass, field
from typing import Any, cast

#: What every report notebook imports (directly, through :mod:`jusolib.notebook`, or to draw and show its charts
#: and tables), in the order a notebook imports them. Imported here once for all kernels.
PRELOAD = (
    "numpy",
    "pandas",
    "jusolib.notebook",
    "jusolib.core.wording",
    "jusolib.analysis.table_html",
    "pandas.io.formats.style",
    "jinja2",
    "yaml",
    "budoux",
    "scipy.stats",
    "matplotlib",
    "matplotlib.pyplot",
    "matplotlib.backends.backend_agg",
    "seaborn",
    "jusolib.analysis.charts",
    "PIL.PngImagePlugin",
    # the section pages' word networks and free-text tables (issue 25)
    "networkx",
    "sudachipy",
    "sudachidict_core",
    "xml.etree.ElementTree",
    "jusolib.analysis.coding",
    "jusolib.analysis.rule_check",
    "jusolib.analysis.theme_tables",
    "jusolib.stats.coder_agreement",
    "jusolib.stats.reliability",
    # what the notebooks' first %config and first figure import
    "IPython.core.magic_arguments",
    "IPython.core.pylabtools",
)
#: The kernel's own modules, imported first, as a kernel imports them before any notebook code (its debugger,
#: history and event loop too: a kernel's start imports them).
KERNEL_MODULES = (
    "IPython",
    "ipykernel.kernelapp",
    "ipykernel.ipkernel",
    "ipykernel.debugger",
    "sqlite3",
    "pdb",
    "tornado.queues",
)
#: Modules imported before matplotlib's and pandas' settings are noted (:func:`settings`): no other import may change them.
BASE_MODULES = ("numpy", "pandas", "matplotlib", "matplotlib.pyplot")
#: Modules never imported here: they look at the running IPython shell when imported (matplotlib's inline
#: backend, tqdm), or change another library's settings (matplotlib_fontja sets matplotlib's font family).
NEVER_PRELOAD = (
    "matplotlib_inline.backend_inline",
    "tqdm",
    "tqdm.auto",
    "tqdm.autonotebook",
    "matplotlib_fontja",
)
#: The backend ipykernel gives matplotlib when the environment names none.
INLINE_BACKEND = "module://matplotlib_inline.backend_inline"
#: How often (seconds) the server looks for kernels that have exited while no request comes.
REAP_INTERVAL = 0.5
#: Seconds a client may take to send its request.
REQUEST_TIMEOUT = 10.0


class _KernelShell:
    """What a library asking ``get_ipython()`` at import time sees here: the shell of a Jupyter kernel."""

    kernel = None


@dataclass
class Preloaded:
    """What importing :data:`KERNEL_MODULES` and :data:`PRELOAD` did that each kernel must see as its own."""

    #: Why kernels must not be forked from this process (``None``: they may).
    failure: str | None = None
    #: The warning filters the notebooks' imports added, in their order.
    filters: list[Any] = field(default_factory=list)
    #: Environment variables the imports set (a cold kernel's imports set them in its own environment).
    environ: dict[str, str] = field(default_factory=dict)
    #: The next number of threading's thread names once the kernel's own modules are imported.
    thread_number: int = 1
    #: What importing the kernel's own modules wrote to standard output and error.
    startup: tuple[str, str] = ("", "")


def _thread_number() -> int:
    """The number threading will give the next unnamed thread (read without taking it)."""
    import threading

    counter = getattr(getattr(threading, "_counter", None), "__self__", None)
    found = re.fullmatch(r"count\((\d+)\)", repr(counter))
    return int(found[1]) if found else 1


class _Captured:
    """The standard streams redirected (descriptors and Python objects) into two files while imports run, as a
    kernel's streams would be: text, not a terminal, their encoding spelt as ipykernel spells it (``UTF-8``,
    which pandas reads)."""

    def __enter__(self) -> _Captured:
        import tempfile

        self.files = [tempfile.TemporaryFile(), tempfile.TemporaryFile()]
        self.saved = [os.dup(1), os.dup(2)]
        self.streams = sys.stdout, sys.stderr
        sys.stdout.flush()
        sys.stderr.flush()
        for fd, file in zip((1, 2), self.files, strict=True):
            os.dup2(file.fileno(), fd)
        self.wrappers = [
            io.TextIOWrapper(os.fdopen(os.dup(fd), "wb"), encoding="UTF-8", write_through=True)
            for fd in (1, 2)
        ]
        sys.stdout, sys.stderr = self.wrappers
        return self

    def take(self) -> tuple[str, str]:
        """What was written to standard output and error since the last take."""
        said = []
        for wrapper, file in zip(self.wrappers, self.files, strict=True):
            wrapper.flush()
            file.seek(0)
            said.append(file.read().decode("utf-8", "replace"))
            file.seek(0)
            file.truncate(0)
        return said[0], said[1]

    def __exit__(self, *exc: object) -> None:
        for wrapper in self.wrappers:
            wrapper.flush()
        sys.stdout, sys.stderr = self.streams
        for fd, saved in zip((1, 2), self.saved, strict=True):
            os.dup2(saved, fd)
            os.close(saved)
        for wrapper in self.wrappers:
            wrapper.close()


def preload(modules: tuple[str, ...] = PRELOAD) -> Preloaded:
    """Import the kernel's modules, then ``modules``, as a kernel would (see the module docstring).

    Parameters
    ----------
    modules
        What the notebooks import.

    Returns
    -------
    Preloaded
        Why not to serve (if so), and what each kernel must replay: warning filters, environment variables,
        thread-name number, start-up output.
    """
    import builtins
    import importlib
    import warnings

    os.environ.setdefault("MPLBACKEND", INLINE_BACKEND)  # what ipykernel does before any notebook code
    environ = dict(os.environ)
    preloaded = Preloaded()
    said = ("", "")
    before: list[Any] = []
    with _Captured() as captured:
        try:
            for name in KERNEL_MODULES:
                importlib.import_module(name)
                if name == "ipykernel.ipkernel":  # what a kernel has imported when it names its first thread
                    preloaded.thread_number = _thread_number()
            # a kernel prints this while it starts (a debugger notice about frozen modules, say): each kernel
            # prints it again as it starts, where it goes to no notebook
            preloaded.startup = captured.take()
            before = list(warnings.filters)
            builtins.get_ipython = _KernelShell  # type: ignore[attr-defined]
            try:
                for name in [*BASE_MODULES, *modules]:
                    importlib.import_module(name)
                    if name == BASE_MODULES[-1]:
                        noted = settings()
            finally:
                del builtins.get_ipython  # type: ignore[attr-defined]
            changed = sorted(k for k, v in settings().items() if noted.get(k) != v)
            if changed:
                preloaded.failure = f"an import changed matplotlib's or pandas' settings: {changed[:5]}"
        except BaseException as exc:  # an import that fails: the render starts its kernels cold and says why
            preloaded.failure = f"importing what the notebooks import failed: {type(exc).__name__}: {exc}"
        said = captured.take()
    text = "".join(said).strip()
    if preloaded.failure is None and text:
        preloaded.failure = (
            f"the notebooks' imports printed something (a cold kernel would show it): {text[:300]!r}"
        )
    if preloaded.failure is None and set(environ) - set(os.environ):
        preloaded.failure = (
            f"an import removed environment variables: {sorted(set(environ) - set(os.environ))}"
        )
    preloaded.filters = [f for f in warnings.filters if not any(f is b for b in before)]
    preloaded.environ = {k: v for k, v in os.environ.items() if environ.get(k) != v}
    return preloaded


def settings() -> dict[str, str]:
    """matplotlib's and pandas' settings as they stand (for :func:`preload`'s check that no import changes them).

    Returns
    -------
    dict
        Setting → its value's ``repr`` (pandas' deprecated options left out: reading them warns).
    """
    import matplotlib
    import pandas as pd

    found = {f"matplotlib {k}": repr(v) for k, v in matplotlib.rcParams.items()}
    options = pd._config.config._registered_options  # every option pandas registered
    deprecated = pd._config.config._deprecated_options  # reading these warns
    found.update({f"pandas {k}": repr(pd.get_option(k)) for k in options if k not in deprecated})
    return found


def forkable(listener: socket.socket) -> str | None:
    """Why forking kernels from this process would not be safe (see the module docstring).

    Parameters
    ----------
    listener
        The server's socket (the one descriptor besides the standard streams allowed open).

    Returns
    -------
    str or None
        The reason, or ``None`` when it is safe.
    """
    import threading

    if threading.active_count() != 1:
        return f"the imports started Python threads: {[t.name for t in threading.enumerate()]}"
    loaded = [m for m in NEVER_PRELOAD if m in sys.modules]
    if loaded:
        return f"modules that must be imported inside the kernel were imported: {loaded}"
    pyplot = sys.modules.get("matplotlib.pyplot")
    if pyplot is not None and getattr(pyplot, "_backend_mod", None) is not None:
        return "matplotlib's backend was chosen before the kernel started"
    if not os.path.isdir("/proc/self/task"):
        return "no /proc to count threads and open files (warm kernels are made on Linux only)"
    pid = os.fork()  # the BLAS pools stop before a fork; check that nothing else keeps a thread
    if pid == 0:
        os._exit(0)
    os.waitpid(pid, 0)
    threads = os.listdir("/proc/self/task")
    if len(threads) != 1:
        return f"{len(threads) - 1} native thread(s) survive a fork (a library that does not stop them)"
    own = {0, 1, 2, listener.fileno()}
    opened = {}
    for entry in os.listdir("/proc/self/fd"):
        fd = int(entry)
        if fd in own:
            continue
        try:
            opened[fd] = os.readlink(f"/proc/self/fd/{entry}")
        except OSError:  # the descriptor of the listing itself, closed by now
            continue
    if opened:
        return f"files are open that every kernel would share: {sorted(opened.values())}"
    return None


def _reap(children: dict[int, int | None]) -> None:
    """Collect the exit status of every child that has exited (kept until a request asks for it)."""
    for pid, status in list(children.items()):
        if status is not None:
            continue
        try:
            done, code = os.waitpid(pid, os.WNOHANG)
        except ChildProcessError:
            children[pid] = -1
            continue
        if done:
            children[pid] = os.waitstatus_to_exitcode(code)


def _reply(connection: socket.socket, message: dict[str, Any]) -> None:
    try:
        connection.sendall(json.dumps(message).encode() + b"\n")
    except OSError:  # the client gave up waiting
        pass


def _read_request(connection: socket.socket) -> dict[str, Any]:
    data = b""
    while not data.endswith(b"\n"):
        block = connection.recv(1 << 16)
        if not block:
            break
        data += block
    request = json.loads(data.decode("utf-8"))
    if not isinstance(request, dict):
        raise ValueError("expected a JSON object")
    return request


def serve(listener: socket.socket, failure: str | None) -> dict[str, Any] | None:
    """Answer requests until the lifeline (standard input) ends.

    Parameters
    ----------
    listener
        The server's socket.
    failure
        Why no kernel may be forked (every launch is refused with it), or ``None``.

    Returns
    -------
    dict or None
        In a forked child, its launch request; in the server, ``None`` once the render has ended (after
        killing the kernels still running).
    """
    import selectors

    children: dict[int, int | None] = {}
    selector = selectors.DefaultSelector()
    selector.register(listener, selectors.EVENT_READ)
    selector.register(0, selectors.EVENT_READ)
    try:
        while True:
            events = selector.select(REAP_INTERVAL)
            _reap(children)
            for key, _ in events:
                if key.fileobj == 0:
                    if not os.read(0, 4096):  # the render has ended
                        return None
                    continue
                connection, _ = listener.accept()
                connection.settimeout(REQUEST_TIMEOUT)  # a client that says nothing cannot hold the server
                with connection:
                    try:
                        request = _read_request(connection)
                    except (OSError, ValueError) as exc:
                        _reply(connection, {"error": f"bad request: {exc}"})
                        continue
                    op = request.get("op")
                    if op == "launch":
                        if failure is not None:
                            _reply(connection, {"error": failure})
                            continue
                        read_end, write_end = os.pipe()
                        try:
                            pid = os.fork()
                        except OSError as exc:  # no memory or no process left: this kernel starts cold
                            os.close(read_end)
                            os.close(write_end)
                            _reply(connection, {"error": f"fork failed: {exc}"})
                            continue
                        if pid == 0:  # the child: leave the server behind and become a kernel
                            selector.close()
                            connection.close()
                            listener.close()
                            os.dup2(read_end, 0)
                            os.close(read_end)
                            os.close(write_end)
                            return request
                        os.close(read_end)
                        os.close(write_end)
                        children[pid] = None
                        _reply(connection, {"pid": pid})
                    elif op in ("poll", "signal"):
                        pid = int(request.get("pid", 0))
                        if pid not in children:
                            _reply(connection, {"error": f"no kernel {pid} here"})
                            continue
                        _reap(children)
                        if op == "signal" and children[pid] is None:
                            signum = int(request["signum"])
                            try:
                                os.killpg(pid, signum)  # the kernel's group, as jupyter_client signals
                            except OSError:
                                os.kill(pid, signum)
                        _reply(connection, {"returncode": children[pid]})
                    elif op == "hello":
                        _reply(connection, {"ok": failure is None, "error": failure})
                    else:
                        _reply(connection, {"error": f"unknown request {op!r}"})
    finally:
        if os.getpid() == _SERVER_PID[0]:  # the server, ending: no kernel outlives it
            _reap(children)
            for pid, status in children.items():
                if status is None:
                    try:
                        os.killpg(pid, signal.SIGKILL)
                    except OSError:
                        pass
                    try:
                        os.waitpid(pid, 0)
                    except ChildProcessError:
                        pass


_SERVER_PID = [0]


def become_kernel(request: dict[str, Any], preloaded: Preloaded) -> int:
    """In the forked child: start the kernel of a launch request as ``ipykernel_launcher`` would, and run it.

    Parameters
    ----------
    request
        The launch request: ``args`` (after ``-m ipykernel_launcher``), ``env``, ``cwd``.
    preloaded
        What the imports did that the kernel must replay.

    Returns
    -------
    int
        The kernel's exit status.
    """
    import importlib.util
    import itertools
    import threading
    import warnings

    os.setsid()
    os.chdir(request["cwd"])
    os.environ.clear()
    os.environ.update(request["env"])
    os.environ.update(preloaded.environ)  # what the imports set, as they would have in this environment
    threading._counter = itertools.count(preloaded.thread_number).__next__  # type: ignore[attr-defined]
    spec = importlib.util.find_spec("ipykernel_launcher")
    sys.argv = [spec.origin if spec and spec.origin else "ipykernel_launcher", *request["args"]]
    numpy_random = sys.modules.get("numpy.random")
    if numpy_random is not None:
        numpy_random.seed()  # a cold import seeds it from the operating system's entropy
    from ipykernel.kernelapp import IPKernelApp

    # two of the application's defaults are read from the environment when ipykernel is imported: read them now
    app = IPKernelApp.instance(
        parent_handle=int(os.environ.get("JPY_PARENT_PID") or 0),
        interrupt=int(os.environ.get("JPY_INTERRUPT_EVENT") or 0),
    )
    app.initialize()
    for stream, text in zip((sys.stdout, sys.stderr), preloaded.startup, strict=True):
        if text:  # as a cold kernel writes it while it imports its debugger: to no notebook
            stream.write(text)
            stream.flush()
    library = preloaded.filters
    if library:  # the notebook's imports come after the kernel's own filters: theirs go first
        rest = [f for f in warnings.filters if not any(f is g for g in library)]
        cast(list, warnings.filters)[:] = [*library, *rest]  # in place: the C module holds this list
        warnings._filters_mutated()  # type: ignore[attr-defined]
    app.start()
    return 0


def exit_kernel(code: int) -> None:
    """End a kernel as the interpreter ends a process — wait for its threads, run the ``atexit`` functions (IPython
    clears the notebook's namespace there, releasing every object it made), flush the standard streams — then
    leave with ``os._exit``, skipping the teardown of every imported module, as a forked child should: the modules
    are this server's copies, and taking them apart one object at a time writes to every page the child shares
    with the server (about a second a kernel, for nothing a notebook can see).

    Parameters
    ----------
    code
        The exit status.
    """
    import atexit
    import threading

    try:
        threading._shutdown()  # type: ignore[attr-defined]
        atexit._run_exitfuncs()
        for stream in (sys.stdout, sys.stderr, sys.__stdout__, sys.__stderr__):
            if stream is not None:
                try:
                    stream.flush()
                except (OSError, ValueError):
                    pass
    finally:
        os._exit(code)


def main(argv: list[str]) -> int:
    """Serve warm kernels; in each forked child, run the kernel instead.

    Parameters
    ----------
    argv
        ``sys.argv``: the socket's path is ``argv[1]``.

    Returns
    -------
    int
        The exit status of the kernel, in a forked child. The server, once the render has ended, ends its process
        itself with status 0 (``os._exit``) and does not return.
    """
    if sys.path and (sys.path[0] in ("", os.getcwd())):  # as ipykernel_launcher does: the CWD is not a source
        del sys.path[0]
    _SERVER_PID[0] = os.getpid()
    package = sys.modules.get("jusolib")  # this module runs from its package, which is no notebook's import
    sys.modules.pop("jusolib.render", None)
    if package is not None:
        vars(package).pop("render", None)
    listener = socket.socket(socket.AF_UNIX, socket.SOCK_STREAM)
    listener.bind(argv[1])
    listener.listen(64)  # clients may connect now; they are answered once the imports are done
    preloaded = preload()
    if preloaded.failure is None:
        preloaded.failure = forkable(listener)
    request = serve(listener, preloaded.failure)
    if request is None:
        listener.close()
        # Its work is done and its kernels are gone: end without tearing down the imported modules one by one,
        # which takes a second when the machine is idle and can take longer than the render waits when it is not.
        sys.stdout.flush()
        sys.stderr.flush()
        os._exit(0)
    code = 1
    try:
        code = become_kernel(request, preloaded)
    except SystemExit as exc:
        code = exc.code if isinstance(exc.code, int) else (0 if exc.code is None else 1)
    except BaseException:
        import traceback

        traceback.print_exc()
    exit_kernel(code)
    return code


if __name__ == "__main__":
    sys.exit(main(sys.argv))
