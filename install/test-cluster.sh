#!/usr/bin/env bash
# The localhost test cluster: OpenSSH's sshd on 127.0.0.1 with a key-only test user, and a
# two-node Slurm 22.05 with slurmdbd (private MariaDB) so sacct works. Debian 12, as root, no
# systemd: every daemon is started directly and tracked by its pid file under $HK_ROOT.
# Nodes n1, n2 are one slurmd each on this machine (`slurmd -N n1`, its own Port=). Lmod is
# there with module openmpi/4.1 (Debian's Open MPI + mpi4py), so a pasted MPI script runs on both.
#
#   install/test-cluster.sh up      install what is missing, configure, start, wait until ready (idempotent)
#   install/test-cluster.sh env     print `export` lines for the tests (host, port, user, key, known_hosts)
#   install/test-cluster.sh check   smoke test over ssh as the test user: a 2-node job (srun on n1 and n2,
#                                   module load openmpi) -> COMPLETED, then sacct
#   install/test-cluster.sh status  what runs
#   install/test-cluster.sh down    cancel jobs, stop the daemons this script started (by pid file)
#
# How long `up` takes (2 vCPU, packages present): about 5-8 s from nothing (first run also makes
# keys and the MariaDB datadir), about 1-2 s when everything already runs. Add ~20 s when apt has to
# install Slurm, ~40 s for lmod + openmpi-bin + python3-mpi4py (29 packages). `down` takes under 3 s.
# A job past its --time is TIMEOUT 60-92 s after its start: slurmctld checks limits every 30 s
# (PERIODIC_TIMEOUT, fixed at compile time), then KillWait=2.
# HK_CLIENT_OWNER=user[:group] hands the client key folder to a non-root test runner.
set -euo pipefail

HK_ROOT=${HK_ROOT:-/var/lib/hpc-kernel-cluster}
HK_USER=${HK_USER:-hpcuser}
HK_SSH_PORT=${HK_SSH_PORT:-2222}
HK_DB_PORT=${HK_DB_PORT:-3307}
# More CPUs than cores (config_overrides) so array tasks run side by side on a 2-core machine.
HK_CPUS=${HK_CPUS:-4}   # per node
HK_NODES=${HK_NODES:-2}  # nodes n1..nN, slurmd of node nI listens on port HK_NODE_PORT+I
HK_NODE_PORT=${HK_NODE_PORT:-17000}
HK_MEM_MB=${HK_MEM_MB:-$(awk '/^MemTotal:/{printf "%d", $2/1024*0.9}' /proc/meminfo)}
WAIT=${HK_READY_TIMEOUT:-60}
HK_CLIENT_OWNER=${HK_CLIENT_OWNER:-}
MARK="# written by hpc-kernel install/test-cluster.sh"
SLURM=$HK_ROOT/slurm SSHD=$HK_ROOT/ssh DB=$HK_ROOT/mysql CLIENT=$HK_ROOT/ssh/client
NODES=() ; for ((n = 1; n <= HK_NODES; n++)); do NODES+=("n$n"); done
NODELIST=n[1-$HK_NODES]; [ "$HK_NODES" = 1 ] && NODELIST=n1
MODULES=/etc/lmod/modules   # in Debian's /etc/lmod/modulespath
MPI_PREFIX=$HK_ROOT/sw/openmpi/4.1

T0=$(date +%s%N)
log() { printf '[cluster %5dms] %s\n' $(( ($(date +%s%N) - T0) / 1000000 )) "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }

# A pid file names a live process of the expected name (zombies do not count: PID 1 may reap late).
running() {
  local pid state
  [ -s "$2" ] || return 1
  pid=$( { tr -dc 0-9 < "$2"; } 2>/dev/null)   # the daemon may remove its pid file meanwhile
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$1" ] || return 1
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)
  [ -n "$state" ] && [ "$state" != Z ]
}
until_ready() {  # until_ready WHAT CMD...: poll every 0.1 s for $WAIT seconds
  local what=$1 i; shift
  for ((i = 0; i < WAIT * 10; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.1; done
  die "$what not ready after ${WAIT}s (logs in $HK_ROOT)"
}
listening() { (exec 3<>"/dev/tcp/127.0.0.1/$1") 2>/dev/null; }
stop() {  # stop NAME PIDFILE
  running "$1" "$2" || { rm -f "$2"; return 0; }
  local pid i; pid=$(tr -dc 0-9 < "$2")
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 200; i++)); do running "$1" "$2" || break; sleep 0.1; done
  if running "$1" "$2"; then kill -KILL "$pid" 2>/dev/null || true; fi
  rm -f "$2"; log "stopped $1"
}
# write FILE MODE OWNER < content: returns 0 when the content changed
write() {
  local tmp; tmp=$(mktemp); cat > "$tmp"
  if [ -f "$1" ] && cmp -s "$tmp" "$1"; then rm -f "$tmp"; return 1; fi
  install -m "$2" -o "${3%%:*}" -g "${3##*:}" "$tmp" "$1"; rm -f "$tmp"
}

packages() {
  local want=(munge slurmctld slurmd slurm-client slurmdbd mariadb-server openssh-server openssh-client procps
              lmod openmpi-bin python3-mpi4py) missing=() p
  local have; have=$(dpkg-query -W -f='${Package} ${Status}\n' "${want[@]}" 2>/dev/null | awk '/ install ok installed$/{print $1}')
  for p in "${want[@]}"; do grep -qx "$p" <<< "$have" || missing+=("$p"); done
  [ ${#missing[@]} -eq 0 ] && return 0
  log "installing ${missing[*]}"
  # Keep the packages' scripts from starting daemons (an sshd on :22, a system MariaDB).
  local policy=0
  [ -e /usr/sbin/policy-rc.d ] || { printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; policy=1; }
  export DEBIAN_FRONTEND=noninteractive
  if ! { apt-get update -qq && apt-get install -y -qq --no-install-recommends "${missing[@]}" >/dev/null; }; then
    [ $policy = 1 ] && rm -f /usr/sbin/policy-rc.d
    die "apt-get install failed"
  fi
  [ $policy = 1 ] && rm -f /usr/sbin/policy-rc.d
  return 0
}

start_munge() {
  if munge -n 2>/dev/null | unmunge >/dev/null 2>&1; then return 0; fi
  [ -s /etc/munge/munge.key ] || runuser -u munge -- mungekey --create --keyfile=/etc/munge/munge.key
  chown munge:munge /etc/munge/munge.key; chmod 400 /etc/munge/munge.key
  install -d -o munge -g munge -m 755 /run/munge
  install -d -o munge -g munge -m 700 "$HK_ROOT/munge"
  runuser -u munge -- /usr/sbin/munged --pid-file="$HK_ROOT/munge/munged.pid" --log-file="$HK_ROOT/munge/munged.log"
  until_ready munged bash -c 'munge -n | unmunge'
  log "munged up"
}

start_db() {
  install -d -o mysql -g mysql -m 750 "$DB"
  if ! running mariadbd "$DB/mariadbd.pid"; then
    if listening "$HK_DB_PORT"; then die "port $HK_DB_PORT is taken by another program (set HK_DB_PORT)"; fi
    [ -d "$DB/data/mysql" ] || mariadb-install-db --no-defaults --user=mysql --datadir="$DB/data" \
      --auth-root-authentication-method=socket --skip-test-db > "$DB/install.log" 2>&1 || die "mariadb-install-db failed: $DB/install.log"
    # a private instance: --no-defaults ignores /etc/mysql
    setsid /usr/sbin/mariadbd --no-defaults --user=mysql --datadir="$DB/data" --socket="$DB/mysqld.sock" \
      --pid-file="$DB/mariadbd.pid" --bind-address=127.0.0.1 --port="$HK_DB_PORT" --log-error="$DB/mariadbd.err" \
      --skip-name-resolve --innodb-buffer-pool-size=64M < /dev/null > /dev/null 2>&1 &
    until_ready mariadbd mariadb-admin --no-defaults --socket="$DB/mysqld.sock" -uroot ping
    until_ready "mariadbd pid" running mariadbd "$DB/mariadbd.pid"
    log "mariadbd up"
  fi
  [ -s "$HK_ROOT/db.pass" ] || { head -c 24 /dev/urandom | base64 | tr -dc A-Za-z0-9 > "$HK_ROOT/db.pass"; chmod 600 "$HK_ROOT/db.pass"; }
  local pw; pw=$(cat "$HK_ROOT/db.pass")
  mariadb --no-defaults --socket="$DB/mysqld.sock" -uroot -e "CREATE DATABASE IF NOT EXISTS slurm_acct_db;
    CREATE USER IF NOT EXISTS 'slurm'@'127.0.0.1' IDENTIFIED BY '$pw'; ALTER USER 'slurm'@'127.0.0.1' IDENTIFIED BY '$pw';
    GRANT ALL ON slurm_acct_db.* TO 'slurm'@'127.0.0.1';"
}

start_slurmdbd() {
  local changed=0
  if printf '%s\n' "$MARK" "AuthType=auth/munge" "DbdHost=localhost" "DbdPort=6819" "SlurmUser=slurm" \
      "LogFile=$SLURM/slurmdbd.log" "PidFile=$SLURM/slurmdbd.pid" "StorageType=accounting_storage/mysql" \
      "StorageHost=127.0.0.1" "StoragePort=$HK_DB_PORT" "StorageUser=slurm" "StoragePass=$(cat "$HK_ROOT/db.pass")" \
      "StorageLoc=slurm_acct_db" | write /etc/slurm/slurmdbd.conf 600 slurm:slurm; then changed=1; fi
  if running slurmdbd "$SLURM/slurmdbd.pid"; then
    [ $changed = 0 ] && return 0
    stop slurmdbd "$SLURM/slurmdbd.pid"
  fi
  slurmdbd
  until_ready slurmdbd listening 6819
  log "slurmdbd up"
}

slurm_conf() {
  local overrides="" n nodes=()
  [ "$HK_CPUS" -gt "$(nproc)" ] && overrides="SlurmdParameters=config_overrides"
  for ((n = 1; n <= HK_NODES; n++)); do
    nodes+=("NodeName=n$n NodeHostname=localhost NodeAddr=127.0.0.1 Port=$((HK_NODE_PORT + n)) CPUs=$HK_CPUS RealMemory=$HK_MEM_MB State=UNKNOWN")
  done
  printf '%s\n' "$MARK" ClusterName=hpckernel SlurmctldHost=localhost SlurmUser=slurm SlurmdUser=root \
    AuthType=auth/munge CredType=cred/munge MpiDefault=none \
    "# no cgroups here: processes are tracked through /proc; time limits are still enforced" \
    ProctrackType=proctrack/linuxproc TaskPlugin=task/none SelectType=select/cons_tres SelectTypeParameters=CR_Core \
    SchedulerType=sched/backfill \
    "# the default batch_sched_delay (3 s) would delay every job start" SchedulerParameters=batch_sched_delay=0 \
    ReturnToService=2 "StateSaveLocation=$SLURM/state" \
    "# one slurmd per node on this machine (slurmd -N nI): %n is the node name" \
    "SlurmdSpoolDir=$SLURM/spool-%n" "SlurmdPidFile=$SLURM/slurmd-%n.pid" "SlurmdLogFile=$SLURM/slurmd-%n.log" \
    "SlurmctldPidFile=$SLURM/slurmctld.pid" "SlurmctldLogFile=$SLURM/slurmctld.log" \
    "# finished jobs stay visible to squeue -t all for an hour; accounting keeps them for good" MinJobAge=3600 \
    "# a job past its --time ends at slurmctld's next limit check (every 30 s, not configurable) + KillWait" \
    KillWait=2 OverTimeLimit=0 InactiveLimit=0 JobAcctGatherType=jobacct_gather/linux JobCompType=jobcomp/none \
    AccountingStorageType=accounting_storage/slurmdbd AccountingStorageHost=localhost AccountingStoragePort=6819 \
    "# sacct -o Comment shows sbatch --comment" AccountingStoreFlags=job_comment \
    "# Lmod's module command in every job, #!/bin/bash -l or not" "TaskProlog=$SLURM/task-prolog.sh" \
    "$overrides" \
    "${nodes[@]}" \
    "PartitionName=debug Nodes=$NODELIST Default=YES MaxTime=INFINITE State=UP" \
    "PartitionName=short Nodes=$NODELIST MaxTime=00:10:00 State=UP" | write /etc/slurm/slurm.conf 644 root:root
}

# Lmod and a module for Debian's Open MPI. Login shells (#!/bin/bash -l) get `module` from
# /etc/profile.d/lmod.sh. Other bash scripts read $BASH_ENV, which Lmod's profile script exports in
# login sessions and sbatch passes on; jobs submitted from a non-login ssh command have no such
# environment, so the TaskProlog below supplies it (static values: sourcing lmod.sh costs ~0.1 s).
setup_modules() {
  local mp="" d libdir=/usr/lib/$(uname -m)-linux-gnu/openmpi/lib
  [ -d "$libdir" ] || libdir=$(ompi_info --path libdir | awk '{print $2}')
  install -d -m 755 "$HK_ROOT/sw" "$MPI_PREFIX/bin" "$MODULES/openmpi"
  ln -sfn /usr/bin/orterun "$MPI_PREFIX/bin/mpirun"; ln -sfn /usr/bin/orterun "$MPI_PREFIX/bin/mpiexec"
  ln -sfn /usr/bin/ompi_info "$MPI_PREFIX/bin/ompi_info"
  printf '%s\n' "-- ${MARK#\# }" \
    'help([[Open MPI 4.1 from Debian (openmpi-bin, python3-mpi4py) on the localhost test cluster.]])' \
    'whatis("Name: Open MPI")' 'whatis("Version: 4.1")' 'family("mpi")' \
    "local prefix = \"$MPI_PREFIX\"" 'setenv("MPI_HOME", prefix)' 'prepend_path("PATH", pathJoin(prefix, "bin"))' \
    "prepend_path(\"LD_LIBRARY_PATH\", \"$libdir\")" \
    '-- All nodes of this cluster are one machine: shared-memory (vader) segments of two nodes would get' \
    '-- the same names and the ranks crash, so ranks talk TCP over loopback.' \
    'setenv("OMPI_MCA_btl", "self,tcp")' 'setenv("OMPI_MCA_btl_tcp_if_include", "lo")' \
    'setenv("OMPI_MCA_oob_tcp_if_include", "lo")' | write "$MODULES/openmpi/4.1.lua" 644 root:root || true
  # the MODULEPATH /etc/profile.d/lmod.sh makes: the folders of /etc/lmod/modulespath that exist
  for d in $(sed 's/#.*$//' /etc/lmod/modulespath); do [ -d "$d" ] && mp=${mp:+$mp:}$d; done
  [[ ":$mp:" == *":$MODULES:"* ]] || die "$MODULES is not in Lmod's MODULEPATH ($mp): see /etc/lmod/modulespath"
  # TaskProlog: slurmstepd runs it as the user before each task (batch scripts too) and applies its
  # `export` lines. MODULEPATH_ROOT set means the job already has Lmod's environment.
  printf '%s\n' '#!/bin/sh' "$MARK" '[ -n "${MODULEPATH_ROOT:-}" ] && exit 0' \
    "echo 'export MODULEPATH_ROOT=/usr/share/modulefiles'" "echo 'export MODULEPATH=$mp'" \
    "echo 'export BASH_ENV=/usr/share/lmod/lmod/init/bash'" | write "$SLURM/task-prolog.sh" 755 root:root || true
}

nodes_ready() {
  local states; states=$(sinfo -h -N -o '%N %T' 2>/dev/null | sort -u) || return 1
  [ "$(grep -cE ' (idle|mixed|allocated|completing)$' <<< "$states")" = "$HK_NODES" ]
}

start_slurm() {
  install -d -o slurm -g slurm -m 755 "$SLURM"
  install -d -o slurm -g slurm -m 700 "$SLURM/state"
  setup_modules
  local n i
  if slurm_conf; then
    stop slurmd "$SLURM/slurmd.pid"   # the single node "localhost" of older versions of this script
    for n in "$SLURM"/slurmd-*.pid; do [ -e "$n" ] && stop slurmd "$n"; done
    stop slurmctld "$SLURM/slurmctld.pid"
  fi
  if ! running slurmctld "$SLURM/slurmctld.pid"; then
    slurmctld
    until_ready slurmctld bash -c 'scontrol ping | grep -q "is UP"'
    log "slurmctld up"
  fi
  for n in "${NODES[@]}"; do
    running slurmd "$SLURM/slurmd-$n.pid" && continue
    install -d -o root -g root -m 755 "$SLURM/spool-$n"
    slurmd -N "$n"   # node n1 whatever the hostname; its Port= tells it where to listen
    until_ready "slurmd $n" running slurmd "$SLURM/slurmd-$n.pid"
    log "slurmd $n up"
  done
  for ((i = 0; i < WAIT * 10; i++)); do
    nodes_ready && break
    if [ $i = 30 ]; then scontrol update nodename="$NODELIST" state=resume >/dev/null 2>&1 || true; fi
    sleep 0.1
  done
  nodes_ready || die "nodes not ready: $(sinfo -h -N -o '%N %T' | sort -u | tr '\n' ' '); see $SLURM/slurmd-*.log"
  [ -s "$DB/accounts.done" ] && [ "$(cat "$DB/accounts.done")" = "$HK_USER" ] && return 0
  sacctmgr -i -Q add account testacct Description=tests Organization=tests >/dev/null 2>&1 || true
  sacctmgr -i -Q add user "$HK_USER" account=testacct >/dev/null 2>&1 || true
  sacctmgr -n -P show user "$HK_USER" 2>/dev/null | grep -q . && echo "$HK_USER" > "$DB/accounts.done"
}

start_sshd() {
  id "$HK_USER" >/dev/null 2>&1 || useradd -m -s /bin/bash "$HK_USER"
  # UsePAM no refuses "locked" accounts ('!' in shadow): '*' means no password but not locked
  if getent shadow "$HK_USER" | cut -d: -f2 | grep -q '^!'; then usermod -p '*' "$HK_USER"; fi
  install -d -m 755 "$SSHD" "$SSHD/authorized_keys" "$CLIENT"
  local t changed=0
  for t in ed25519 rsa; do [ -s "$SSHD/host_$t" ] || ssh-keygen -q -t $t -N '' -C hpc-kernel-test-host -f "$SSHD/host_$t"; done
  [ -s "$CLIENT/id_ed25519" ] || ssh-keygen -q -t ed25519 -N '' -C hpc-kernel-test -f "$CLIENT/id_ed25519"
  [ -s "$CLIENT/id_rsa" ] || ssh-keygen -q -t rsa -b 3072 -m PEM -N '' -C hpc-kernel-test -f "$CLIENT/id_rsa"
  cat "$CLIENT/id_ed25519.pub" "$CLIENT/id_rsa.pub" | write "$SSHD/authorized_keys/$HK_USER" 644 root:root || true
  # known_hosts from the host keys themselves: no trust on first use
  { for t in ed25519 rsa; do echo "[127.0.0.1]:$HK_SSH_PORT $(cut -d' ' -f1,2 "$SSHD/host_$t.pub")"; done
    for t in ed25519 rsa; do echo "[localhost]:$HK_SSH_PORT $(cut -d' ' -f1,2 "$SSHD/host_$t.pub")"; done; } | write "$CLIENT/known_hosts" 644 root:root || true
  printf '%s\n' "Host hpc" "  HostName 127.0.0.1" "  Port $HK_SSH_PORT" "  User $HK_USER" "  IdentityFile $CLIENT/id_ed25519" \
    "  IdentitiesOnly yes" "  UserKnownHostsFile $CLIENT/known_hosts" "  StrictHostKeyChecking yes" "  BatchMode yes" \
    | write "$CLIENT/ssh_config" 644 root:root || true
  if printf '%s\n' "$MARK" "Port $HK_SSH_PORT" "ListenAddress 127.0.0.1" "HostKey $SSHD/host_ed25519" "HostKey $SSHD/host_rsa" \
      "PidFile $SSHD/sshd.pid" "AuthorizedKeysFile $SSHD/authorized_keys/%u" "PasswordAuthentication no" \
      "KbdInteractiveAuthentication no" "PermitRootLogin no" "UsePAM no" "UseDNS no" "PrintMotd no" \
      "MaxStartups 100:30:200" "MaxSessions 100" "LogLevel VERBOSE" "Subsystem sftp /usr/lib/openssh/sftp-server" \
      | write "$SSHD/sshd_config" 644 root:root; then changed=1; fi
  chmod 600 "$CLIENT/id_ed25519" "$CLIENT/id_rsa"
  # the folder stays readable (755) so tests find known_hosts and ssh_config; the keys are the runner's
  [ -z "$HK_CLIENT_OWNER" ] || chown -R "$HK_CLIENT_OWNER" "$CLIENT"
  if running sshd "$SSHD/sshd.pid"; then
    [ $changed = 0 ] && return 0
    stop sshd "$SSHD/sshd.pid"
  fi
  if listening "$HK_SSH_PORT"; then die "port $HK_SSH_PORT is taken by another program (set HK_SSH_PORT)"; fi
  install -d -m 755 /run/sshd   # privilege separation dir, normally made by systemd
  /usr/sbin/sshd -t -f "$SSHD/sshd_config" || die "sshd config test failed"
  /usr/sbin/sshd -f "$SSHD/sshd_config" -E "$SSHD/sshd.log"
  until_ready sshd listening "$HK_SSH_PORT"
  log "sshd up on 127.0.0.1:$HK_SSH_PORT"
}

cmd_env() {
  printf 'export %s\n' HPC_SSH_HOST=127.0.0.1 "HPC_SSH_PORT=$HK_SSH_PORT" "HPC_SSH_USER=$HK_USER" \
    "HPC_SSH_KEY=$CLIENT/id_ed25519" "HPC_SSH_KEY_RSA_PEM=$CLIENT/id_rsa" "HPC_SSH_KNOWN_HOSTS=$CLIENT/known_hosts" \
    "HPC_SSH_CONFIG=$CLIENT/ssh_config" "HPC_SSHD_LOG=$SSHD/sshd.log" HPC_SLURM_PARTITIONS=debug,short \
    "HPC_SLURM_NODES=$(IFS=,; echo "${NODES[*]}")"
}

cmd_up() {
  [ "$(id -u)" = 0 ] || die "run as root"
  install -d -m 755 "$HK_ROOT"
  packages
  install -d -o slurm -g slurm -m 755 "$SLURM"
  start_munge
  start_db
  start_slurmdbd
  start_slurm
  start_sshd
  ssh -F "$CLIENT/ssh_config" hpc true || die "ssh as $HK_USER failed; see $SSHD/sshd.log"
  log "ready: ssh -F $CLIENT/ssh_config hpc sbatch ..."
}

cmd_down() {
  stop sshd "$SSHD/sshd.pid"
  if running slurmctld "$SLURM/slurmctld.pid"; then
    scancel --user="$HK_USER" 2>/dev/null || true
    local i; for ((i = 0; i < 100; i++)); do [ -z "$(squeue -h -t running,completing 2>/dev/null)" ] && break; sleep 0.1; done
  fi
  local f; for f in "$SLURM/slurmd.pid" "$SLURM"/slurmd-*.pid; do [ -e "$f" ] && stop slurmd "$f"; done
  stop slurmctld "$SLURM/slurmctld.pid"
  stop slurmdbd "$SLURM/slurmdbd.pid"
  stop mariadbd "$DB/mariadbd.pid"
  stop munged "$HK_ROOT/munge/munged.pid"
}

cmd_check() {
  local dir=.hk-check-$$ id state="" i out n
  hpc() { ssh -F "$CLIENT/ssh_config" hpc "$@"; }
  # a plain #!/bin/bash script (no login shell): module comes from the TaskProlog's BASH_ENV
  hpc "mkdir -p $dir/logs && cat > $dir/smoke.sh" <<'SMOKE'
#!/bin/bash
echo "ran as $(id -un) on $SLURMD_NODENAME"
module load openmpi && echo "modules: $LOADEDMODULES, mpirun: $(command -v mpirun)"
srun bash -c 'echo "task $SLURM_PROCID on $SLURMD_NODENAME"' | sort
SMOKE
  id=$(hpc "cd $dir && sbatch --parsable --job-name=smoke --nodes=$HK_NODES --ntasks-per-node=1 --comment=hk-check --output=logs/%x-%j.log smoke.sh")
  log "submitted job $id over ssh"
  for ((i = 0; i < 300; i++)); do
    state=$(hpc "squeue -h -t all -j $id -o %T" 2>/dev/null || true)
    case "$state" in COMPLETED) break ;; FAILED|CANCELLED*|TIMEOUT|NODE_FAIL|OUT_OF_MEMORY) die "job $id ended $state: $(hpc "cat $dir/logs/smoke-$id.log")" ;; esac
    sleep 0.2
  done
  [ "$state" = COMPLETED ] || die "job $id is '$state' after 60 s"
  out=$(hpc "cat $dir/logs/smoke-$id.log")
  log "job $id COMPLETED: $(tr '\n' ';' <<< "$out")"
  for n in "${NODES[@]}"; do grep -q "^task .* on $n\$" <<< "$out" || die "job $id ran no task on node $n"; done
  grep -q "modules: openmpi/4.1" <<< "$out" || die "module load openmpi failed in job $id"
  for ((i = 0; i < 50; i++)); do
    state=$(hpc "sacct -n -X -P -j $id -o State,ExitCode,NodeList,Comment" 2>/dev/null || true)
    [ -n "$state" ] && break; sleep 0.2
  done
  [ -n "$state" ] || die "sacct does not know job $id; see $SLURM/slurmdbd.log"
  log "sacct: $state"
  hpc "rm -rf $dir"
}

cmd_status() {
  local n
  for n in munged:munge/munged.pid mariadbd:mysql/mariadbd.pid slurmdbd:slurm/slurmdbd.pid slurmctld:slurm/slurmctld.pid sshd:ssh/sshd.pid; do
    if running "${n%%:*}" "$HK_ROOT/${n#*:}"; then echo "${n%%:*}: running"; else echo "${n%%:*}: stopped"; fi
  done
  for n in "${NODES[@]}"; do
    if running slurmd "$SLURM/slurmd-$n.pid"; then echo "slurmd $n: running"; else echo "slurmd $n: stopped"; fi
  done
}

case "${1:-up}" in
  up) cmd_up ;;
  env) cmd_env ;;
  status) cmd_status ;;
  check) cmd_check ;;
  down) cmd_down ;;
  *) echo "usage: $0 up|env|check|status|down" >&2; exit 2 ;;
esac
