#!/usr/bin/env bash
# The localhost Grid Engine for tests: a single-host (Son of) Grid Engine 8.1.9 from Debian 12
# packages, master and execution host on this machine, queue all.q. Run as root; no systemd:
# the daemons are started directly and stopped by their pid files.
#
#   install/test-sge.sh up      install what is missing, configure, start, wait until all.q takes jobs (idempotent)
#   install/test-sge.sh status  what runs
#   install/test-sge.sh down    delete the jobs, stop sge_execd and sge_qmaster (by pid file)
#
# Jobs are submitted as hpcuser (Grid Engine refuses uids under min_uid 1000, so root cannot),
# over the SSH of install/test-cluster.sh or with runuser. State lives where the packages put it
# (/var/lib/gridengine, /var/spool/gridengine); a full reset is `down` + apt-get purge gridengine-*.
set -euo pipefail

HK_USER=${HK_USER:-hpcuser}
WAIT=${HK_READY_TIMEOUT:-60}
export SGE_ROOT=/var/lib/gridengine SGE_CELL=default
HOST=$(hostname)
COMMON=$SGE_ROOT/$SGE_CELL/common
QMASTER_PID=/var/spool/gridengine/qmaster/qmaster.pid

T0=$(date +%s%N)
log() { printf '[sge %5dms] %s\n' $(( ($(date +%s%N) - T0) / 1000000 )) "$*" >&2; }
die() { log "ERROR: $*"; exit 1; }
# Without a qmaster every client waits a long time: bound each call.
q() { timeout 10 "$@"; }

# A pid file names a live process of the expected name (zombies do not count: PID 1 may reap late).
running() {
  local pid state
  [ -n "$2" ] && [ -s "$2" ] || return 1
  pid=$(tr -dc 0-9 < "$2")
  [ -n "$pid" ] && [ "$(cat "/proc/$pid/comm" 2>/dev/null)" = "$1" ] || return 1
  state=$(awk '{print $3}' "/proc/$pid/stat" 2>/dev/null)
  [ -n "$state" ] && [ "$state" != Z ]
}
execd_pidfile() { local f; for f in /var/spool/gridengine/execd/*/execd.pid; do [ -e "$f" ] && { echo "$f"; return 0; }; done; echo ""; }
execd_running() { running sge_execd "$(execd_pidfile)"; }
until_ready() {  # until_ready WHAT CMD...: poll every 0.2 s for $WAIT seconds
  local what=$1 i; shift
  for ((i = 0; i < WAIT * 5; i++)); do "$@" >/dev/null 2>&1 && return 0; sleep 0.2; done
  die "$what not ready after ${WAIT}s"
}
stop() {  # stop NAME PIDFILE
  running "$1" "$2" || return 0
  local pid i; pid=$(tr -dc 0-9 < "$2")
  kill -TERM "$pid" 2>/dev/null || true
  for ((i = 0; i < 200; i++)); do running "$1" "$2" || break; sleep 0.1; done
  if running "$1" "$2"; then kill -KILL "$pid" 2>/dev/null || true; fi
  log "stopped $1 (pid $pid)"
}

packages() {
  local p missing=()
  for p in gridengine-master gridengine-exec gridengine-client; do
    dpkg-query -W -f='${Status}' "$p" 2>/dev/null | grep -q 'install ok installed' || missing+=("$p")
  done
  [ ${#missing[@]} -eq 0 ] && return 0
  # The master's host name must be preseeded, otherwise act_qmaster stays empty.
  local k
  for k in gridengine-common gridengine-master; do
    debconf-set-selections <<EOF
$k shared/gridengineconfig boolean true
$k shared/gridenginecell string default
$k shared/gridenginemaster string $HOST
EOF
  done
  # Keep the packages' postinst from starting daemons (we start them ourselves, by pid).
  local policy=0
  if [ ! -e /usr/sbin/policy-rc.d ]; then printf '#!/bin/sh\nexit 101\n' > /usr/sbin/policy-rc.d; chmod 755 /usr/sbin/policy-rc.d; policy=1; fi
  export DEBIAN_FRONTEND=noninteractive
  apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null 2>&1 ||
    { apt-get update -qq && apt-get install -y -q --no-install-recommends "${missing[@]}" >/dev/null; } || true
  [ $policy = 1 ] && rm -f /usr/sbin/policy-rc.d
  dpkg-query -W -f='${Status}' gridengine-master 2>/dev/null | grep -q 'install ok installed' || die "apt-get install ${missing[*]} failed"
  log "installed ${missing[*]}"
}

user() {
  id "$HK_USER" >/dev/null 2>&1 || useradd -m -s /bin/bash "$HK_USER"
  # useradd leaves '!' (locked); sshd without PAM refuses locked accounts, '*' is "no password".
  if getent shadow "$HK_USER" | cut -d: -f2 | grep -q '^!'; then usermod -p '*' "$HK_USER"; fi
}

qmaster() {
  [ -n "$(tr -d '[:space:]' < "$COMMON/act_qmaster" 2>/dev/null)" ] || echo "$HOST" > "$COMMON/act_qmaster"
  # 127.0.0.1 reverse-resolves to "localhost": without the alias every client is "access denied".
  [ "$HOST" = localhost ] || echo "$HOST localhost" > "$COMMON/host_aliases"
  if running sge_qmaster "$QMASTER_PID"; then return 0; fi
  install -d -o sgeadmin -g sgeadmin -m 755 /var/run/gridengine
  /usr/sbin/sge_qmaster
  until_ready sge_qmaster q qstat
  log "sge_qmaster started (pid $(tr -dc 0-9 < "$QMASTER_PID"))"
}

configure() {
  local d; d=$(mktemp -d)
  q qconf -ss 2>/dev/null | grep -qx "$HOST" || q qconf -as "$HOST" >/dev/null 2>&1
  if ! q qconf -sel 2>/dev/null | grep -qx "$HOST"; then
    printf 'hostname %s\nload_scaling NONE\ncomplex_values NONE\nuser_lists NONE\nxuser_lists NONE\nprojects NONE\nxprojects NONE\nusage_scaling NONE\nreport_variables NONE\n' "$HOST" > "$d/exechost"
    q qconf -Ae "$d/exechost" >/dev/null
  fi
  # The scheduler runs every 15 s by default: every second instead.
  q qconf -ssconf > "$d/sconf"
  if ! grep -q '^schedule_interval *0:0:1$' "$d/sconf"; then
    sed -i -e 's/^schedule_interval .*/schedule_interval 0:0:1/' -e 's/^flush_submit_sec .*/flush_submit_sec 1/' \
      -e 's/^flush_finish_sec .*/flush_finish_sec 1/' -e 's/^job_load_adjustments .*/job_load_adjustments NONE/' \
      -e 's/^load_adjustment_decay_time .*/load_adjustment_decay_time 0:0:0/' "$d/sconf"
    q qconf -Msconf "$d/sconf" >/dev/null
  fi
  # qacct reads the accounting file, flushed every 15 s by default: flush at once.
  if ! q qconf -sconf global | grep -q 'accounting_flush_time=00:00:00'; then
    q qconf -sconf global | sed -e ':a' -e '/\\$/{N;s/\\\n[[:space:]]*/ /;ba}' \
      -e 's/^reporting_params .*/reporting_params accounting=true reporting=false flush_time=00:00:15 joblog=false sharelog=00:00:00 accounting_flush_time=00:00:00/' > "$d/global"
    (cd "$d" && q qconf -Mconf global >/dev/null)   # -Mconf takes the configuration name from the file name
  fi
  # A parallel environment "smp" so `-pe smp N` works (slots on one host).
  if ! q qconf -spl 2>/dev/null | grep -qx smp; then
    printf 'pe_name smp\nslots 999\nuser_lists NONE\nxuser_lists NONE\nstart_proc_args /bin/true\nstop_proc_args /bin/true\nallocation_rule $pe_slots\ncontrol_slaves FALSE\njob_is_first_task TRUE\nurgency_slots min\naccounting_summary FALSE\nqsort_args NONE\n' > "$d/smp"
    q qconf -Ap "$d/smp" >/dev/null
  fi
  if ! q qconf -sql 2>/dev/null | grep -qx all.q; then
    q qconf -sq | sed -e 's/^qname .*/qname all.q/' -e "s/^hostlist .*/hostlist $HOST/" \
      -e "s/^slots .*/slots $(nproc)/" -e 's/^shell .*/shell \/bin\/bash/' -e 's/^pe_list .*/pe_list smp/' -e 's/^load_thresholds .*/load_thresholds NONE/' > "$d/queue"
    q qconf -Aq "$d/queue" >/dev/null
  fi
  # The default np_load_avg>=1.75 threshold puts the queue in alarm ("a") on a busy shared machine
  # and nothing starts: a test host has no load limit.
  q qconf -sq all.q | grep -q '^load_thresholds *NONE$' || q qconf -rattr queue load_thresholds NONE all.q >/dev/null
  rm -rf "$d"
}

queue_ready() {  # the queue instance exists and shows no state flags (like "au": alarm, unknown)
  local line; line=$(q qstat -f -q "all.q@$HOST" 2>/dev/null | awk -v h="all.q@$HOST" '$1 == h')
  [ -n "$line" ] && [ -z "$(echo "$line" | awk '{print $6}')" ]
}

execd() {
  if ! execd_running; then
    /usr/sbin/sge_execd
    until_ready sge_execd execd_running
    log "sge_execd started"
  fi
  until_ready "queue all.q@$HOST" queue_ready
}

cmd_up() {
  [ "$(id -u)" = 0 ] || die "run as root"
  packages
  user
  qmaster
  configure
  execd
  log "ready: Grid Engine on $HOST, queue all.q with $(nproc) slots, pe smp; submit as $HK_USER"
}

cmd_status() {
  local rc=0
  if running sge_qmaster "$QMASTER_PID"; then echo "sge_qmaster: running (pid $(tr -dc 0-9 < "$QMASTER_PID"))"; else echo "sge_qmaster: not running"; rc=1; fi
  if running sge_execd "$(execd_pidfile)"; then echo "sge_execd: running"; else echo "sge_execd: not running"; rc=1; fi
  [ $rc = 0 ] && q qstat -f -q all.q || true
  return $rc
}

cmd_down() {
  if running sge_qmaster "$QMASTER_PID"; then q qdel -f -u '*' >/dev/null 2>&1 || true; fi
  stop sge_execd "$(execd_pidfile)"
  stop sge_qmaster "$QMASTER_PID"
  log "down"
}

case "${1:-}" in
  up) cmd_up ;;
  status) cmd_status ;;
  down) cmd_down ;;
  *) echo "usage: $0 up|status|down" >&2; exit 2 ;;
esac
