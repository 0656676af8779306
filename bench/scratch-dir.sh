# Sourced by the bench scripts: `source bench/scratch-dir.sh NAME` makes $work, a scratch
# folder under /tmp, and $pids, for background processes; at exit the processes are stopped
# and the folder removed.
work=$(mktemp -d "/tmp/dragoman-$1-XXXXXX")
pids=()
cleanup() {
  for pid in "${pids[@]}"; do kill "$pid" 2>/dev/null || true; done
  wait 2>/dev/null || true
  rm -rf "$work"
}
trap cleanup EXIT
