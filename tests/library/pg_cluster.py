"""A throw-away PostgreSQL cluster on loopback for the library tests and the benchmark.

    python tests/library/pg_cluster.py start    prints shell exports (URL, PGPASSFILE, folder)
    python tests/library/pg_cluster.py stop DIR stops the cluster and removes its folder

The server runs as an unprivileged user (initdb refuses root); clients sign in with a
password read from a pgpass file, never from the URL."""

from __future__ import annotations

import glob
import os
import pwd
import secrets
import shutil
import socket
import subprocess
import sys
import tempfile
from dataclasses import dataclass
from pathlib import Path

USER = "boardtool"
DATABASE = "boardtool_test"
SERVER_ACCOUNTS = ("postgres", "boardtool-pg")


def server_bin() -> Path | None:
    """Return the folder of PostgreSQL's server programs (initdb, pg_ctl), or None.

    $BOARDTOOL_PG_BIN names the folder explicitly (a folder without initdb means: none)."""
    chosen = os.environ.get("BOARDTOOL_PG_BIN")
    if chosen:
        return Path(chosen) if (Path(chosen) / "initdb").exists() else None
    found = sorted(glob.glob("/usr/lib/postgresql/*/bin/initdb"), key=lambda p: int(p.split("/")[4]))
    if found:
        return Path(found[-1]).parent
    initdb = shutil.which("initdb")
    return Path(initdb).parent if initdb else None


@dataclass
class Cluster:
    """A running cluster: its folder, port, the URL to reach it and the pgpass file."""

    folder: Path
    port: int
    url: str
    pgpass: Path

    def exports(self) -> str:
        return (f"export BOARDTOOL_TEST_POSTGRES_URL='{self.url}'\nexport PGPASSFILE='{self.pgpass}'\n"
                f"export BOARDTOOL_TEST_POSTGRES_DIR='{self.folder}'\n")


def _account() -> pwd.struct_passwd | None:
    """Return the unprivileged account the server runs as when we are root (created if missing)."""
    if os.geteuid() != 0:
        return None
    for name in SERVER_ACCOUNTS:
        try:
            return pwd.getpwnam(name)
        except KeyError:
            continue
    subprocess.run(["useradd", "--system", "--no-create-home", "--shell", "/usr/sbin/nologin", SERVER_ACCOUNTS[-1]],
                   check=True)
    return pwd.getpwnam(SERVER_ACCOUNTS[-1])


def _free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        return probe.getsockname()[1]


def _run(args: list, account, **kwargs) -> None:
    extra = {"user": account.pw_uid, "group": account.pw_gid, "extra_groups": []} if account else {}
    subprocess.run([str(a) for a in args], check=True, capture_output=True, cwd="/", **extra, **kwargs)


def start() -> Cluster:
    """Create, start and prepare a cluster in a new temporary folder."""
    binaries = server_bin()
    if binaries is None:
        raise FileNotFoundError("PostgreSQL server programs (initdb) not found")
    account = _account()
    folder = Path(tempfile.mkdtemp(prefix="boardtool-pg-"))
    password = secrets.token_hex(16)
    (folder / "pw").write_text(password + "\n")
    if account:
        for path in (folder, folder / "pw"):
            os.chown(path, account.pw_uid, account.pw_gid)
    folder.chmod(0o700)
    port = _free_port()
    _run([binaries / "initdb", "-D", folder / "data", "-U", USER, "--auth=scram-sha-256", "--pwfile", folder / "pw",
          "-E", "UTF8", "--locale=C"], account)
    (folder / "pw").unlink()
    options = f"-c listen_addresses=127.0.0.1 -p {port} -c unix_socket_directories={folder} -c fsync=off"
    _run([binaries / "pg_ctl", "-D", folder / "data", "-o", options, "-l", folder / "server.log", "-w", "start"], account)
    pgpass = Path(tempfile.mkdtemp(prefix="boardtool-pgpass-")) / "pgpass"
    pgpass.write_text(f"127.0.0.1:{port}:*:{USER}:{password}\n")
    pgpass.chmod(0o600)
    (folder / "pgpass-path").write_text(str(pgpass))
    subprocess.run([str(binaries / "createdb"), "-h", "127.0.0.1", "-p", str(port), "-U", USER, DATABASE],
                   check=True, capture_output=True, env={**os.environ, "PGPASSFILE": str(pgpass)})
    return Cluster(folder, port, f"postgresql://{USER}@127.0.0.1:{port}/{DATABASE}", pgpass)


def stop(folder: Path) -> None:
    """Stop the cluster in ``folder`` and remove it with its pgpass file."""
    binaries = server_bin()
    account = _account() if (folder / "data").exists() else None
    if binaries and (folder / "data" / "postmaster.pid").exists():
        _run([binaries / "pg_ctl", "-D", folder / "data", "-m", "fast", "-w", "stop"], account)
    marker = folder / "pgpass-path"
    if marker.exists():
        shutil.rmtree(Path(marker.read_text()).parent, ignore_errors=True)
    shutil.rmtree(folder, ignore_errors=True)


if __name__ == "__main__":
    if sys.argv[1:2] == ["start"]:
        sys.stdout.write(start().exports())
    elif sys.argv[1:2] == ["stop"] and len(sys.argv) == 3:
        stop(Path(sys.argv[2]))
    else:
        sys.exit(__doc__)
