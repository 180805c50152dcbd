package org.hpckernel.magic.hpc;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.hpckernel.cluster.JobSpec;
import org.hpckernel.cluster.Secrets;
import org.hpckernel.cluster.TimeLimits;
import org.hpckernel.cluster.profile.DotEnv;
import org.hpckernel.magic.MagicException;
import picocli.CommandLine.Option;

/** What a job asks of the cluster, shared by {@code %%hpc submit} and {@code %%hpc sweep} (each array task gets it). */
final class ResourceOptions {

    @Option(names = "--nodes")
    Integer nodes;

    @Option(names = "--ntasks")
    Integer ntasks;

    @Option(names = "--cpus", description = "CPUs per task")
    Integer cpus;

    @Option(names = "--gpus", description = "N or TYPE:N")
    String gpus;

    @Option(names = "--mem", description = "Memory, like 4G")
    String mem;

    @Option(names = "--time", description = "Time limit: MINUTES, HH:MM:SS or D-HH:MM:SS")
    String time;

    @Option(names = "--partition")
    String partition;

    @Option(names = "--account")
    String account;

    @Option(names = "--qos")
    String qos;

    @Option(
            names = "--container",
            description = "Run inside this Apptainer/Singularity image (with --nv); "
                    + "a bare NAME.sif is the one in the profile's image folder (%%hpc container build puts it there)")
    String container;

    @Option(names = "--container-runtime", description = "apptainer (default) or singularity")
    String runtime = "apptainer";

    @Option(
            names = "--module",
            description = "module load this first (repeatable); checked against %hpc modules before submitting")
    List<String> modules = new ArrayList<>();

    @Option(names = "--env", description = "KEY=VALUE for the job (repeatable)")
    List<String> env = new ArrayList<>();

    @Option(
            names = "--secret",
            description = "NAME of a secret from the kernel's environment or .env, given to the job"
                    + " through a file only you can read (repeatable)")
    List<String> secrets = new ArrayList<>();

    /** Sets what was given on {@code b}; a malformed value becomes a message that names the option. */
    void applyTo(JobSpec.Builder b) {
        try {
            if (nodes != null) b.nodes(nodes);
            if (ntasks != null) b.tasks(ntasks);
            if (cpus != null) b.cpusPerTask(cpus);
            if (gpus != null) b.gpus(JobSpec.Gpus.parse(gpus));
            if (mem != null) b.memory(mem);
            if (time != null) b.timeLimit(TimeLimits.parse(time));
            if (partition != null) b.partition(partition);
            if (account != null) b.account(account);
            if (qos != null) b.qos(qos);
            if (container != null) b.container(new JobSpec.Container(runtime, container, true));
            modules.forEach(b::module);
            for (String kv : env) {
                int eq = kv.indexOf('=');
                if (eq <= 0) {
                    throw new MagicException("--env takes KEY=VALUE, not '" + kv + "'");
                }
                Secrets.refuseInEnv(kv.substring(0, eq));
                b.env(kv.substring(0, eq), kv.substring(eq + 1));
            }
            for (String name : secrets) {
                Secrets.checkName(name);
                b.secret(name);
            }
        } catch (IllegalArgumentException e) {
            throw new MagicException(e.getMessage());
        }
    }

    /**
     * The values of the {@code --secret} names, from the kernel's environment, else the notebook
     * folder's {@code .env}; a missing one is refused before anything is submitted.
     */
    Map<String, String> secretValues(Path notebookFolder) throws IOException {
        return secrets.isEmpty() ? Map.of() : Secrets.resolve(secrets, System.getenv(), DotEnv.read(notebookFolder));
    }
}
