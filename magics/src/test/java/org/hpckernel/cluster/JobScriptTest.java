package org.hpckernel.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The generated script, run here with bash as a batch system would run it. */
class JobScriptTest {

    @TempDir
    Path dir;

    private int run(JobSpec spec, Map<String, String> env) throws Exception {
        JobDirectory jd = new JobDirectory(dir.toString());
        Files.writeString(dir.resolve("job.sh"), JobScript.render(spec, jd, List.of("#SBATCH --job-name=x"), ""));
        Path user = dir.resolve("user-script");
        Files.writeString(user, JobScript.userScript(spec));
        assertTrue(user.toFile().setExecutable(true));
        ProcessBuilder pb = new ProcessBuilder("bash", dir.resolve("job.sh").toString())
                .redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile());
        pb.directory(dir.toFile()); // sbatch runs the job in the folder it was submitted from: the job directory
        pb.environment().remove("SLURM_ARRAY_TASK_ID");
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(30, TimeUnit.SECONDS));
        return p.exitValue();
    }

    @Test
    void aScriptThatExits3LeavesAnExitFileWithCode3AndItsHost() throws Exception {
        assertEquals(3, run(JobSpec.builder().script("echo hi\nexit 3").build(), Map.of()));
        String exit = Files.readString(dir.resolve("exit"));
        assertTrue(
                exit.matches(
                        "\\{\"exit_code\":3,\"signal\":0,\"end\":\"\\d{4}-\\d\\d-\\d\\dT[0-9:]+Z\",\"host\":\"[^\"]+\",\"elapsed\":\\d+,\"limit\":0}\\n"),
                exit);
        assertEquals("hi\n", Files.readString(dir.resolve("out.log")));
    }

    @Test
    void hostileEnvironmentValuesArriveVerbatimAndRunNothing() throws Exception {
        String hostile = "$(touch pwned) `touch pwned2` it's \"q\" \n 実験 ; \\ $HOME";
        assertEquals(
                0,
                run(
                        JobSpec.builder()
                                .env("V", hostile)
                                .script("printf '%s' \"$V\" > v.txt")
                                .build(),
                        Map.of()));
        assertEquals(hostile, Files.readString(dir.resolve("v.txt"), StandardCharsets.UTF_8));
        assertTrue(Files.notExists(dir.resolve("pwned")) && Files.notExists(dir.resolve("pwned2")));
    }

    @Test
    void aPythonScriptWithItsShebangRunsUnderPythonAndArrayTasksGetTheirOwnFiles() throws Exception {
        JobSpec spec = JobSpec.builder()
                .script(
                        "#!/usr/bin/env python3\nimport os\nopen(os.environ['HPC_METRICS'], 'w').write('{}')\nraise SystemExit(4)\n")
                .build();
        assertEquals(4, run(spec, Map.of("SLURM_ARRAY_TASK_ID", "7")));
        assertTrue(Files.readString(dir.resolve("exit.7")).startsWith("{\"exit_code\":4,"));
        assertTrue(Files.exists(dir.resolve("metrics.7.jsonl")));
    }

    @Test
    void aContainerImageUnderHomeStaysExpandable() {
        JobSpec spec = JobSpec.builder()
                .script("nvidia-smi")
                .container(new JobSpec.Container("apptainer", "~/images/my image.sif", true))
                .build();
        String script = JobScript.render(spec, new JobDirectory("/d"), List.of(), "");
        assertTrue(
                script.contains("'apptainer' exec --nv \"$HOME\"/'images/my image.sif' \"$HPC_JOB_DIR/user-script\""),
                script);
    }

    @Test
    void theUsersDirectivesAreKeptUnlessAnOptionSetsTheSameSettingAndLinesAfterACommandAreNotDirectives() {
        JobSpec spec = JobSpec.builder()
                .timeLimit(java.time.Duration.ofMinutes(10))
                .script("#!/bin/bash\n#SBATCH --time=5\n#SBATCH -C skylake\necho\n#SBATCH --late")
                .build();
        String script =
                JobScript.render(spec, new JobDirectory("/d"), new org.hpckernel.cluster.slurm.SlurmScheduler(), "tok");
        assertTrue(script.contains("#SBATCH --time=00:10:00\n") && script.contains("#SBATCH -C skylake\n"), script);
        assertTrue(!script.contains("--time=5") && !script.contains("--late\n#"), script);
    }

    @Test
    void aScriptsOwnLinesAreTheDefaultsOptionsOverrideThemAndOurDefaultsFillTheRest() {
        String pasted =
                "#!/bin/bash\n#SBATCH --job-name=my-run\n#SBATCH --output=logs/%x-%j.log\n#SBATCH -t 30\n#SBATCH --mem 2G\necho hi\n";
        JobSpec spec = JobSpec.builder().memory("4G").script(pasted).build();
        assertEquals("my-run", spec.name());
        String script =
                JobScript.render(spec, new JobDirectory("/d"), new org.hpckernel.cluster.slurm.SlurmScheduler(), "tok");
        assertTrue(
                script.contains("#SBATCH --job-name=my-run\n") && script.contains("#SBATCH --output=logs/%x-%j.log\n"),
                script);
        assertTrue(!script.contains("--error="), "stderr joins the user's output file, as sbatch does: " + script);
        assertTrue(
                script.contains("#SBATCH -t 30\n")
                        && script.contains("#SBATCH --mem=4G\n")
                        && !script.contains("--mem 2G"),
                script);
    }
}
