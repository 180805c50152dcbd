package org.hpckernel.kernel;

import com.google.gson.JsonArray;
import com.google.gson.JsonObject;
import io.github.spencerpark.jupyter.messages.request.HistoryRequest;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Pattern;

/** This session's inputs (and outputs), answered as the 3-tuples history_reply expects. */
final class History {

    private record Entry(int line, String input, String output) {}

    private final List<Entry> entries = new ArrayList<>();
    private final int session = 1;

    History(String sessionId) {}

    synchronized void add(int line, String input, String output) {
        entries.add(new Entry(line, input, output));
    }

    synchronized JsonObject reply(HistoryRequest request) {
        List<Entry> chosen = new ArrayList<>();
        if (request instanceof HistoryRequest.Tail tail) {
            int n = Math.max(0, tail.getMaxReturnLength());
            chosen.addAll(entries.subList(Math.max(0, entries.size() - n), entries.size()));
        } else if (request instanceof HistoryRequest.Range range) {
            for (Entry e : entries) {
                if (e.line >= range.getStart() && (range.getStop() <= 0 || e.line < range.getStop())) {
                    chosen.add(e);
                }
            }
        } else if (request instanceof HistoryRequest.Search search) {
            Pattern glob = globToRegex(search.getPattern());
            for (Entry e : entries) {
                if (glob.matcher(e.input).matches()
                        && (!search.filterUnique() || chosen.stream().noneMatch(c -> c.input.equals(e.input)))) {
                    chosen.add(e);
                }
            }
            int n = search.getMaxReturnLength();
            if (n > 0 && chosen.size() > n) {
                chosen = new ArrayList<>(chosen.subList(chosen.size() - n, chosen.size()));
            }
        } else {
            chosen.addAll(entries);
        }
        JsonArray history = new JsonArray();
        for (Entry e : chosen) {
            JsonArray tuple = new JsonArray();
            tuple.add(session);
            tuple.add(e.line);
            if (request.includeOutput()) {
                JsonArray io = new JsonArray();
                io.add(e.input);
                io.add(e.output);
                tuple.add(io);
            } else {
                tuple.add(e.input);
            }
            history.add(tuple);
        }
        JsonObject reply = new JsonObject();
        reply.addProperty("status", "ok");
        reply.add("history", history);
        return reply;
    }

    private static Pattern globToRegex(String glob) {
        StringBuilder regex = new StringBuilder("(?s)");
        for (char c : (glob == null ? "*" : glob).toCharArray()) {
            switch (c) {
                case '*' -> regex.append(".*");
                case '?' -> regex.append('.');
                default -> regex.append(Pattern.quote(String.valueOf(c)));
            }
        }
        return Pattern.compile(regex.toString());
    }
}
