package org.hpckernel.kernel;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.gson.JsonArray;
import com.google.gson.JsonElement;
import io.github.spencerpark.jupyter.messages.request.HistoryRequest;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * history_request as a front end sends it (the console's up-arrow asks for the tail, its search for a
 * glob): which of this session's cells come back, in which order, in the 3-tuples of the protocol.
 */
class HistoryTest {

    private static History session() {
        History h = new History("s");
        h.add(1, "int x = 1;", null);
        h.add(2, "%hpc submit --name a", "Submitted a as job 11");
        h.add(3, "x + 1", "2");
        h.add(4, "%hpc status", "table");
        h.add(5, "%hpc submit --name b", "Submitted b as job 12");
        h.add(6, "x + 1", "2");
        return h;
    }

    /** The line numbers of a reply, in order. */
    private static List<Integer> lines(JsonArray history) {
        List<Integer> lines = new ArrayList<>();
        for (JsonElement tuple : history) {
            lines.add(tuple.getAsJsonArray().get(1).getAsInt());
        }
        return lines;
    }

    private static JsonArray reply(HistoryRequest request) {
        var reply = session().reply(request);
        assertEquals("ok", reply.get("status").getAsString());
        return reply.getAsJsonArray("history");
    }

    @Test
    void theTailIsTheLastCellsOldestFirstAsSessionLineInputTuples() {
        JsonArray history = reply(new HistoryRequest.Tail(false, true, 2));
        assertEquals(List.of(5, 6), lines(history));
        JsonArray last = history.get(1).getAsJsonArray();
        assertEquals(3, last.size());
        assertEquals(1, last.get(0).getAsInt(), "session number");
        assertEquals("x + 1", last.get(2).getAsString());
        assertEquals(List.of(1, 2, 3, 4, 5, 6), lines(reply(new HistoryRequest.Tail(false, true, 100))));
        assertEquals(List.of(), lines(reply(new HistoryRequest.Tail(false, true, 0))));
    }

    @Test
    void withOutputEachInputComesWithItsResult() {
        JsonArray history = reply(new HistoryRequest.Tail(true, true, 6));
        JsonArray submit = history.get(1).getAsJsonArray().get(2).getAsJsonArray();
        assertEquals("%hpc submit --name a", submit.get(0).getAsString());
        assertEquals("Submitted a as job 11", submit.get(1).getAsString());
        assertTrue(
                history.get(0).getAsJsonArray().get(2).getAsJsonArray().get(1).isJsonNull(), "a cell without a result");
    }

    @Test
    void aRangeIncludesItsStartAndExcludesItsStopAndStopZeroMeansToTheEnd() {
        assertEquals(List.of(2, 3, 4), lines(reply(new HistoryRequest.Range(false, true, 0, 2, 5))));
        assertEquals(List.of(4, 5, 6), lines(reply(new HistoryRequest.Range(false, true, 0, 4, 0))));
        assertEquals(List.of(), lines(reply(new HistoryRequest.Range(false, true, 0, 7, 0))));
    }

    @Test
    void aSearchIsAGlobOverTheWholeInputWithStarAndQuestionMarkOnly() {
        assertEquals(List.of(2, 5), lines(reply(new HistoryRequest.Search(false, true, 0, "%hpc submit*", false))));
        assertEquals(List.of(2, 4, 5), lines(reply(new HistoryRequest.Search(false, true, 0, "*hpc s*", false))));
        assertEquals(List.of(3, 6), lines(reply(new HistoryRequest.Search(false, true, 0, "x ? 1", false))));
        // the glob matches the whole input: "x" alone matches nothing, and '+' and '.' are plain characters
        assertEquals(List.of(), lines(reply(new HistoryRequest.Search(false, true, 0, "x", false))));
        assertEquals(List.of(), lines(reply(new HistoryRequest.Search(false, true, 0, "x . 1", false))));
        assertEquals(List.of(1), lines(reply(new HistoryRequest.Search(false, true, 0, "int x = 1;", false))));
    }

    @Test
    void aSearchGlobSpansTheLinesOfAMultiLineCell() {
        History h = new History("s");
        h.add(1, "%%hpc submit\n#!/bin/bash\nsrun train.py", null);
        var reply = h.reply(new HistoryRequest.Search(false, true, 0, "*train.py", false));
        assertEquals(List.of(1), lines(reply.getAsJsonArray("history")));
    }

    @Test
    void aUniqueSearchGivesEachInputOnceAndNKeepsTheLastMatches() {
        assertEquals(List.of(3), lines(reply(new HistoryRequest.Search(false, true, 0, "x + 1", true))));
        assertEquals(List.of(3, 6), lines(reply(new HistoryRequest.Search(false, true, 0, "x + 1", false))));
        assertEquals(List.of(4, 5, 6), lines(reply(new HistoryRequest.Search(false, true, 3, "*", false))));
        assertEquals(List.of(1, 2, 3, 4, 5, 6), lines(reply(new HistoryRequest.Search(false, true, 0, "*", false))));
    }
}
