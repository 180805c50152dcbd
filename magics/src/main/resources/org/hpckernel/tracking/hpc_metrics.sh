# hpc-kernel job metrics for shell jobs: source this file, then
#   hpc_log '"loss": 0.3, "acc": 0.9'      # appends {"_step":N,"_timestamp":T,"loss":0.3,"acc":0.9}
#   hpc_result 0 0.25                      # writes {"status":0,"loss":0.25}
# Plain `echo '{"_step":1,"loss":0.3}' >> "$HPC_METRICS"` works as well.
_hpc_step=0
hpc_log() {
    printf '{"_step":%d,"_timestamp":%s,%s}\n' "$_hpc_step" "$(date +%s.%N)" "$1" >> "${HPC_METRICS:-metrics.jsonl}"
    _hpc_step=$((_hpc_step + 1))
}
hpc_result() {
    printf '{"status":%d,"loss":%s}\n' "$1" "${2:-null}" > "${HPC_RESULT:-result.json}.tmp" &&
        mv "${HPC_RESULT:-result.json}.tmp" "${HPC_RESULT:-result.json}"
}
