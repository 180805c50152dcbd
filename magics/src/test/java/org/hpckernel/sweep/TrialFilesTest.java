package org.hpckernel.sweep;

import static org.junit.jupiter.api.Assertions.*;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class TrialFilesTest {

    @Test
    void phpoResultGivesTheLossAndANonZeroStatusFailsWithItsMessage() {
        assertEquals(new ResultFile(true, 0.25, null), ResultFile.parse("{\"status\":0,\"loss\":0.25}", null));
        assertEquals(new ResultFile(true, 0.9, null), ResultFile.parse("{\"val_acc\":0.9}", "val_acc"));
        assertEquals(
                "status 2: diverged",
                ResultFile.parse("{\"status\":2,\"message\":\"diverged\"}", null)
                        .reason());
        assertEquals(
                "result.json has no numeric 'acc'",
                ResultFile.parse("{\"status\":0}", "acc").reason());
        assertEquals(
                "objective 'loss' is NaN",
                ResultFile.parse("{\"loss\":NaN}", null).reason());
        assertFalse(ResultFile.parse("{trunc", null).ok());
    }

    @Test
    void eachArrayTaskReadsItsOwnPointFromTheStagedTable() {
        Trial a = new Trial(7, Map.of("lr", 0.1), TrialState.RUNNING, null, null, 1);
        Map<String, Object> p = new LinkedHashMap<>();
        p.put("arch.width", 64L);
        p.put("name", "it's \"quoted\"\n");
        Trial b = new Trial(8, p, TrialState.RUNNING, null, null, 2);
        String table = ParamsTable.render(List.of(a, b));
        assertEquals(2, table.lines().count());
        Map<String, Object> row = ParamsTable.row(table, 1);
        assertEquals(Map.of("arch", Map.of("width", 64), "name", "it's \"quoted\"\n"), row);
        assertThrows(IllegalArgumentException.class, () -> ParamsTable.row(table, 2));
    }

    @Test
    void commandMacrosExpandWithEveryValueQuoted() {
        Map<String, Object> point = new LinkedHashMap<>();
        point.put("lr", 0.01);
        point.put("name", "$(rm -rf ~)'; x");
        point.put("flag", true);
        String line = RunCommand.expand(List.of(), "train.py", point);
        assertTrue(line.startsWith("/usr/bin/env python "), line); // the agent's ${env} ${interpreter}
        assertFalse(line.contains("--name=$(rm -rf ~)'; x"), "value must be quoted: " + line);
        assertTrue(line.contains("--lr=0.01"), line);
        String noFlags =
                RunCommand.expand(List.of("${program}", "${args_no_boolean_flags}", "${envvar:HOME}"), "t.py", point);
        assertTrue(
                noFlags.contains("--flag") && !noFlags.contains("--flag=true") && noFlags.endsWith("\"${HOME-HOME}\""),
                noFlags);
        assertTrue(
                RunCommand.expand(List.of("${args_json}"), "t.py", point).startsWith("'{\"flag\": true, \"lr\": 0.01"));
        SpaceParserTest.assertMessage("no 'program'", () -> RunCommand.expand(List.of(), null, point));
    }
}
