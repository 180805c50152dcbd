package org.hpckernel.cluster;

import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * Pending reasons that mean a job will never start by itself: what it asks is above a limit, or
 * names an account, QOS or dependency that cannot be satisfied. The scheduler keeps such a job
 * PENDING for ever (Slurm does unless EnforcePartLimits refuses it at submit), so waiting is
 * pointless; the user has to cancel and ask differently. The names are Slurm's own reason strings
 * ({@code job_reason_string} in Slurm 22.05's src/common/slurm_protocol_defs.c).
 */
public final class NeverStarts {

    private static final String LIMITS = "`sacctmgr show qos format=name,maxwall,maxtres,maxtrespu` and "
            + "`sacctmgr show assoc user=$USER format=account,qos,maxwall,maxtres` list the limits";
    private static final Map<String, String> ADVICE = new LinkedHashMap<>();

    static {
        ADVICE.put(
                "PartitionTimeLimit",
                "its --time is above the partition's MaxTime. Ask for less time, or a partition that allows"
                        + " that much (`sinfo -o '%P %l'` lists each partition's limit).");
        ADVICE.put(
                "PartitionNodeLimit",
                "its node count is outside the partition's MinNodes..MaxNodes. Ask for fewer --nodes, or a"
                        + " partition that allows that many (`sinfo -o '%P %D'`).");
        ADVICE.put(
                "PartitionConfig",
                "it asks for more than the partition's nodes have (CPUs, memory, GPUs or nodes). Ask for less,"
                        + " or another partition (`scontrol show partition NAME` shows what it has).");
        ADVICE.put(
                "QOSMaxWallDurationPerJobLimit",
                "its --time is above the QOS's MaxWall. Ask for less time or another --qos; " + LIMITS + ".");
        ADVICE.put(
                "AssocMaxWallDurationPerJobLimit",
                "its --time is above your association's MaxWall. Ask for less time; " + LIMITS + ".");
        ADVICE.put(
                "QOSMaxNodePerJobLimit",
                "its --nodes is above the QOS's per-job limit. Ask for fewer nodes or another --qos; " + LIMITS + ".");
        ADVICE.put(
                "AssocMaxNodePerJobLimit",
                "its --nodes is above your association's per-job limit. Ask for fewer nodes; " + LIMITS + ".");
        ADVICE.put(
                "QOSMaxCpuPerJobLimit",
                "its CPU count is above the QOS's per-job limit. Ask for fewer CPUs or another --qos; " + LIMITS + ".");
        ADVICE.put(
                "AssocMaxCpuPerJobLimit",
                "its CPU count is above your association's per-job limit. Ask for fewer CPUs; " + LIMITS + ".");
        ADVICE.put(
                "QOSMaxMemoryPerJob",
                "its --mem is above the QOS's per-job limit. Ask for less memory or another --qos; " + LIMITS + ".");
        ADVICE.put(
                "AssocMaxMemPerJob",
                "its --mem is above your association's per-job limit. Ask for less memory; " + LIMITS + ".");
        ADVICE.put(
                "QOSMaxGRESPerJob",
                "its --gpus is above the QOS's per-job limit. Ask for fewer GPUs or another --qos; " + LIMITS + ".");
        ADVICE.put(
                "AssocMaxGRESPerJob",
                "its --gpus is above your association's per-job limit. Ask for fewer GPUs; " + LIMITS + ".");
        ADVICE.put(
                "QOSMinCpuNotSatisfied",
                "it asks for fewer CPUs than the QOS's minimum. Ask for more CPUs or another --qos.");
        ADVICE.put(
                "DependencyNeverSatisfied",
                "the job it depends on did not end the way the dependency needs (an afterok parent"
                        + " failed or was cancelled). Fix the parent and submit both again, or use --after afterany:ID.");
        ADVICE.put(
                "InvalidAccount",
                "its --account does not exist or is not yours. `sacctmgr show assoc user=$USER format=account,partition`"
                        + " lists your accounts.");
        ADVICE.put(
                "AccountNotAllowed",
                "its --account may not use this partition. `sacctmgr show assoc user=$USER format=account,partition`"
                        + " lists where each account may run.");
        ADVICE.put(
                "InvalidQOS",
                "its --qos does not exist or is not allowed for your account. `sacctmgr show assoc user=$USER format=account,qos`"
                        + " lists yours.");
        ADVICE.put(
                "QOSNotAllowed",
                "its --qos is not allowed on this partition or account. `sacctmgr show assoc user=$USER format=account,qos`"
                        + " lists yours.");
        // not a Slurm reason: SlurmNodes adds it to a ReqNodeNotAvail job that names a node the cluster does not have
        ADVICE.put(
                "NoSuchNode",
                "it asks for a node this cluster does not have (--nodelist/-w, or #SBATCH -w); `sinfo -N` lists"
                        + " the nodes. Submit it without the node list, or with nodes that exist.");
        ADVICE.put(
                "BadConstraints",
                "no node has the features or resources it asks for (--constraint, GPUs, memory). `sinfo -o '%N %f %G %m'`"
                        + " lists what the nodes have.");
    }

    private NeverStarts() {}

    /** The never-start reason named in a pending job's reason text ({@code PartitionTimeLimit}, ...), if any. */
    public static Optional<String> reason(String reasonText) {
        // whole names: QOSMaxMemoryPerJob must not match inside a longer reason name
        for (String word : reasonText.split("[^A-Za-z]+")) {
            if (ADVICE.containsKey(word)) {
                return Optional.of(word);
            }
        }
        return Optional.empty();
    }

    /** What to do about a job pending for a never-start reason (starting with what is wrong); empty for any other reason. */
    public static Optional<String> advice(String reasonText, JobId id) {
        return reason(reasonText)
                .map(r -> ADVICE.get(r) + " Cancel it with %hpc cancel " + id.value() + " and submit it again.");
    }

    /**
     * Advice for a pending reason that is NOT final but often looks stuck. A node asked for by name
     * that is down, drained or reserved comes back; one that does not exist never does.
     */
    public static Optional<String> hint(String reasonText) {
        if (reasonText.contains("ReqNodeNotAvail")) {
            return Optional.of(
                    "a node it needs is down, drained or reserved (" + reasonText
                            + "); it starts when the node is back."
                            + " If it names a node that does not exist (`sinfo -N` lists them), cancel it and submit without --nodelist.");
        }
        if (reasonText.contains("JobHeldAdmin") || reasonText.contains("JobHeldUser")) {
            return Optional.of(
                    "it is held; `scontrol release ID` releases a job you held yourself, an admin's hold needs the admins.");
        }
        return Optional.empty();
    }
}
