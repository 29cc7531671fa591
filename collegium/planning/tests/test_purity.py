"""The planning engine is pure: importing and running it loads no Django."""

import subprocess
import sys


def test_engine_imports_no_django():
    """Solving the example in a fresh interpreter leaves no ``django`` module loaded."""
    code = (
        "import sys, pathlib\n"
        "from collegium.planning.engine import fileio, solver, greedy, check, generate\n"
        "p = fileio.parse(generate.small(3))\n"
        "solver.solve(p, time_limit=1)\n"
        "loaded = sorted(m for m in sys.modules if m == 'django' or m.startswith('django.'))\n"
        "print(loaded)\n"
        "sys.exit(1 if loaded else 0)\n"
    )
    done = subprocess.run(  # noqa: S603 (the running interpreter, fixed code)
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )
    assert done.returncode == 0, done.stdout + done.stderr
