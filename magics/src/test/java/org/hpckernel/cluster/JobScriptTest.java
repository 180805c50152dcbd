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

class JobScriptTest {

    @TempDir
    Path dir;

    private int run(JobScript.Rendered r, Map<String, String> env) throws Exception {
        Files.writeString(dir.resolve("job.sh"), r.script());
        if (r.userScript().isPresent()) {
            Path u = dir.resolve(JobScript.USER_SCRIPT);
            Files.writeString(u, r.userScript().get());
            u.toFile().setExecutable(true);
        }
        ProcessBuilder pb = new ProcessBuilder("bash", dir.resolve("job.sh").toString()).redirectErrorStream(true)
                .redirectOutput(dir.resolve("out.log").toFile());
        pb.environment().putAll(env);
        Process p = pb.start();
        assertTrue(p.waitFor(20, TimeUnit.SECONDS));
        return p.exitValue();
    }

    @Test
    void aScriptThatExits3WritesExitFileWithCode3() throws Exception {
        JobSpec spec = JobSpec.builder().name("x").script("echo hi\nexit 3\n").build();
        int rc = run(JobScript.render(spec, new JobDirectory(dir.toString()), List.of("#SBATCH --job-name='x'"), "SLURM_ARRAY_TASK_ID"), Map.of());
        assertEquals(3, rc);
        String exit = Files.readString(dir.resolve("exit"));
        assertTrue(exit.startsWith("{\"exit_code\":3,\"signal\":0,\"end\":\""), exit);
        assertTrue(Files.exists(dir.resolve("started")));
        assertEquals("hi\n", Files.readString(dir.resolve("out.log")));
    }

    @Test
    void directivesComeRightAfterTheShebang() {
        JobSpec spec = JobSpec.builder().script("true").build();
        String s = JobScript.render(spec, new JobDirectory("/d"), List.of("#SBATCH -N 1", "#SBATCH -n 2"), "X").script();
        assertTrue(s.startsWith("#!/bin/bash\n#SBATCH -N 1\n#SBATCH -n 2\n"), s);
    }

    @Test
    void hostileEnvironmentValuesArriveVerbatim() throws Exception {
        String hostile = "$(touch pwned) `touch pwned2` ' \" \n ünïcødé ; rm -rf nothing";
        JobSpec spec = JobSpec.builder().script("printf '%s' \"$V\" > v.txt").env("V", hostile).build();
        assertEquals(0, run(JobScript.render(spec, new JobDirectory(dir.toString()), List.of(), "X"), Map.of()));
        assertEquals(hostile, Files.readString(dir.resolve("v.txt"), StandardCharsets.UTF_8));
        assertTrue(Files.notExists(dir.resolve("pwned")) && Files.notExists(dir.resolve("pwned2")));
    }

    @Test
    void aPythonShebangTravelsAsItsOwnFileAndPerTaskFilesAreNamedByIndex() throws Exception {
        JobSpec spec = JobSpec.builder().script("#!/usr/bin/env python3\nimport os\nopen(os.environ['HPC_METRICS'],'w').write('{}')\nraise SystemExit(4)\n").build();
        JobScript.Rendered r = JobScript.render(spec, new JobDirectory(dir.toString()), List.of(), "SLURM_ARRAY_TASK_ID");
        assertTrue(r.userScript().isPresent());
        assertEquals(4, run(r, Map.of("SLURM_ARRAY_TASK_ID", "7")));
        assertTrue(Files.readString(dir.resolve("exit.7")).contains("\"exit_code\":4"));
        assertTrue(Files.exists(dir.resolve("metrics.7.jsonl")));
    }

    @Test
    void gridEngineUndefinedTaskMeansNoArray() throws Exception {
        JobSpec spec = JobSpec.builder().script("true").build();
        assertEquals(0, run(JobScript.render(spec, new JobDirectory(dir.toString()), List.of(), "SGE_TASK_ID"), Map.of("SGE_TASK_ID", "undefined")));
        assertTrue(Files.exists(dir.resolve("exit")));
    }

    @Test
    void containerWrapsTheUserScript() {
        JobSpec spec = JobSpec.builder().script("nvidia-smi").container(new JobSpec.Container("singularity", "/img/my image.sif", true)).build();
        JobScript.Rendered r = JobScript.render(spec, new JobDirectory("/d"), List.of(), "X");
        assertTrue(r.script().contains("singularity exec --nv '/img/my image.sif' bash \"$HPC_JOB_DIR/user-script\" &"), r.script());
    }

    @Test
    void userDirectivesAreSplitFromTheHeaderOnly() {
        JobScript.Split s = JobScript.splitDirectives("#!/bin/bash\n#SBATCH --job-name=a\n# c\n#SBATCH -t 5\necho\n#SBATCH --late\n", "#SBATCH");
        assertEquals(List.of("#SBATCH --job-name=a", "#SBATCH -t 5"), s.directives());
        assertEquals("#!/bin/bash\n# c\necho\n#SBATCH --late\n", s.body());
    }
}
