"""Where the engine diff finds its code, its working files, upstream's sources and chDB."""
import os

HERE = os.path.dirname(os.path.abspath(__file__))
# The repository root (this file is unkey-local/tests/reference/engine_diff/paths.py).
REPO = os.path.abspath(os.path.join(HERE, "..", "..", "..", ".."))
# Generated files: rows, corpora, results, the venvs, the rewriter, the server's url and pid.
WORK = os.environ.get("ENGINE_DIFF_WORK", "/tmp/engine-diff")
# A git directory of github.com/unkeyed/unkey holding COMMIT (read at run time, never copied).
UPSTREAM = os.environ.get("UNKEY_UPSTREAM_GIT", "")
COMMIT = os.environ.get("UNKEY_UPSTREAM_COMMIT", "fc99b6b925b9f455886832261883f4086eb64d3d")
# chDB 3.6.0 embeds ClickHouse 25.5.2.1 and 3.7.2 embeds 25.8.2.1 (setup.sh installs them).
VENVS = {
    "25.5": os.path.join(WORK, "venv-25.5", "bin", "python"),
    "25.8": os.path.join(WORK, "venv-25.8", "bin", "python"),
}
