package org.hpckernel.magic.hpc;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import org.hpckernel.cluster.Cluster;
import org.hpckernel.cluster.files.Copied;
import org.hpckernel.cluster.files.FileCopier;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.ParentCommand;

/** {@code %hpc get REMOTE... [LOCAL]}: files and folders from the cluster over the profile's SFTP channel. */
@Command(
        name = "get",
        description =
                "Copy files and folders from the cluster (into the notebook's folder when LOCAL is left out). "
                        + "REMOTE paths start at the remote home; JOBID:path is a file in a job's folder (last:out.txt for the newest job), "
                        + "JOBID: alone what is in that folder. A folder travels whole, dir/ brings what is in it. Files of the same size and time "
                        + "as here are skipped; every copy is checked by SHA-256 on both sides; a copy cut short goes on where it stopped the next time.",
        footer = {
            "",
            "Examples:",
            "  %hpc get last:result.json",
            "  %hpc get 123: results/123/",
            "  %hpc get 123_4:metrics.jsonl",
            "  %hpc get ~/scratch/model.pt models/"
        })
final class GetCommand implements Callable<Object> {

    @ParentCommand
    HpcMagic parent;

    @Mixin
    ProfileOption profile = new ProfileOption();

    @Parameters(
            paramLabel = "REMOTE... [LOCAL]",
            arity = "1..*",
            description = "Cluster files or folders, then where here")
    List<String> args;

    @Override
    public Object call() throws Exception {
        List<String> remotes = args.size() == 1 ? args : args.subList(0, args.size() - 1);
        String localText = args.size() == 1 ? "." : args.get(args.size() - 1);
        Path local = parent.workingDirectory()
                .resolve(
                        localText.equals("~") || localText.startsWith("~/")
                                ? System.getProperty("user.home") + localText.substring(1)
                                : localText)
                .normalize();
        if (localText.endsWith("/")) {
            Files.createDirectories(local); // a trailing slash says: a folder, even for one file
        }
        Cluster cluster = profile.cluster(parent.hpc.get());
        ProgressBar bar = parent.progressBar("get");
        long t0 = System.nanoTime();
        List<Copied> copied;
        try {
            copied = cluster.get(remotes, local, bar);
        } catch (FileCopier.Interrupted e) {
            throw new InterruptedException(e.getMessage());
        } finally {
            bar.finish();
        }
        return CopyReport.of("get", copied, (System.nanoTime() - t0) / 1e9);
    }
}
