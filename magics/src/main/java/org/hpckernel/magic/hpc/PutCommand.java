package org.hpckernel.magic.hpc;

import java.nio.file.NoSuchFileException;
import java.util.List;
import java.util.concurrent.Callable;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.files.Copied;
import org.hpckernel.cluster.files.FileCopier;
import org.hpckernel.cluster.files.LocalGlob;
import org.hpckernel.magic.MagicException;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code %hpc put LOCAL... [REMOTE]}: files and folders to the cluster over the profile's SFTP channel. */
@Command(
        name = "put",
        description = "Copy files and folders to the cluster (to the remote home when REMOTE is left out). "
                + "LOCAL paths start at the notebook's folder and may be patterns (*.csv); REMOTE paths start at the remote home, "
                + "JOBID:path is in a job's folder. A folder travels whole (data -> REMOTE/data/...), data/ sends what is in it. "
                + "Files of the same size and time as on the cluster are skipped; every copy is checked by SHA-256 on both sides; "
                + "a copy cut short goes on where it stopped the next time.",
        footer = {
            "",
            "Examples:",
            "  %hpc put train.py",
            "  %hpc put data/*.csv inputs/",
            "  %hpc put dataset ~/scratch/",
            "  %hpc put config.yaml last:"
        })
final class PutCommand implements Callable<Object> {

    @ParentCommand
    HpcMagic parent;

    @Mixin
    ProfileOption profile = new ProfileOption();

    @Parameters(
            paramLabel = "LOCAL... [REMOTE]",
            arity = "1..*",
            description = "Local files, folders or patterns, then where on the cluster")
    List<String> args;

    @Override
    public Object call() throws Exception {
        List<String> locals = args.size() == 1 ? args : args.subList(0, args.size() - 1);
        String remote = args.size() == 1 ? "." : args.get(args.size() - 1);
        Cluster cluster = profile.cluster(parent.hpc.get());
        LocalGlob.Expanded sources;
        try {
            sources = LocalGlob.expand(locals, parent.workingDirectory());
        } catch (NoSuchFileException e) {
            throw new MagicException("Nothing to put: " + e.getFile() + " (" + e.getReason()
                    + "). Local paths start at the notebook's folder.");
        }
        if (sources.intoFolder() && !remote.endsWith("/") && !remote.endsWith(":")) {
            remote = remote + "/";
        }
        ProgressBar bar = parent.progressBar("put");
        long t0 = System.nanoTime();
        List<Copied> copied;
        try {
            copied = cluster.put(sources.paths(), remote, bar);
        } catch (NoSuchFileException e) {
            throw new MagicException("Cannot put " + e.getFile()
                    + ": no such file or folder here. Local paths start at the notebook's folder ("
                    + parent.workingDirectory() + ").");
        } catch (FileCopier.Interrupted e) {
            throw new InterruptedException(e.getMessage());
        } finally {
            bar.finish();
        }
        return CopyReport.of("put", copied, (System.nanoTime() - t0) / 1e9);
    }
}
