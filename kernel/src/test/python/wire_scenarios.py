"""Scenarios that drive hpc-kernel through Debian's jupyter_client and check the wire messages.

Run one:  JUPYTER_PATH=<prefix>/share/jupyter python3 wire_scenarios.py SCENARIO
Exit code 0 means every check passed; a failed check prints what was expected and what came.
The JUnit class KernelWireIT runs each scenario as its own test.
"""
import sys
import time

import jupyter_client

KERNEL = "hpc-kernel"
TIMEOUT = 60


class Session:
    def __init__(self):
        self.km, self.kc = jupyter_client.manager.start_new_kernel(kernel_name=KERNEL, startup_timeout=TIMEOUT)

    def close(self):
        try:
            self.kc.stop_channels()
            self.km.shutdown_kernel(now=True)
        except Exception:
            pass

    def collect(self, msg_id, timeout=TIMEOUT):
        """iopub messages for msg_id up to its idle status."""
        out = []
        deadline = time.time() + timeout
        while time.time() < deadline:
            m = self.kc.get_iopub_msg(timeout=timeout)
            if m["parent_header"].get("msg_id") != msg_id:
                continue
            out.append(m)
            if m["msg_type"] == "status" and m["content"]["execution_state"] == "idle":
                return out
        raise AssertionError("no idle status for %s" % msg_id)

    def execute(self, code, timeout=TIMEOUT, **kw):
        msg_id = self.kc.execute(code, **kw)
        reply = self.shell_reply(msg_id, timeout=timeout)
        return reply, self.collect(msg_id, timeout=timeout)

    def shell_reply(self, msg_id, timeout=TIMEOUT):
        while True:
            m = self.kc.get_shell_msg(timeout=timeout)
            if m["parent_header"].get("msg_id") == msg_id:
                assert "status" in m["content"], "reply without status: %r" % m
                return m


def of_type(msgs, t):
    return [m for m in msgs if m["msg_type"] == t]


def check(cond, what, got=None):
    if not cond:
        raise AssertionError(what + ("" if got is None else "\n  got: %r" % (got,)))


def execute_result_stream_and_error(s):
    reply, msgs = s.execute("int x = 20;\nx + 22")
    check(reply["content"]["status"] == "ok", "execute ok", reply["content"])
    results = of_type(msgs, "execute_result")
    check(len(results) == 1 and results[0]["content"]["data"]["text/plain"] == "42", "one execute_result 42", results)
    check(len(of_type(msgs, "execute_input")) == 1, "execute_input published")
    reply, msgs = s.execute('System.out.println("to out"); System.err.println("to err");')
    streams = {m["content"]["name"]: m["content"]["text"] for m in of_type(msgs, "stream")}
    check(streams.get("stdout") == "to out\n" and streams.get("stderr") == "to err\n", "stdout and stderr streams", streams)
    reply, msgs = s.execute('String s = null;\n\ns.length()')
    errors = of_type(msgs, "error")
    check(reply["content"]["status"] == "error", "error reply", reply["content"])
    check(len(errors) == 1, "exactly one error message", errors)
    check(errors[0]["content"]["ename"] == "java.lang.NullPointerException", "ename is the exception class", errors[0]["content"])
    check(any("cell line 3" in line for line in errors[0]["content"]["traceback"]), "trace points at cell line 3", errors[0]["content"]["traceback"])
    reply, msgs = s.execute('int y = "text";')
    errors = of_type(msgs, "error")
    check(len(errors) == 1 and errors[0]["content"]["ename"] == "CompilationException", "compile error is one error", errors)
    check(any("line 1" in line for line in errors[0]["content"]["traceback"]), "compile error names the line", errors[0]["content"]["traceback"])
    reply, msgs = s.execute("x")
    check(of_type(msgs, "execute_result")[0]["content"]["data"]["text/plain"] == "20", "state persists after errors")


def output_is_batched(s):
    reply, msgs = s.execute('for (int i = 0; i < 20000; i++) System.out.println("line " + i);')
    streams = of_type(msgs, "stream")
    text = "".join(m["content"]["text"] for m in streams)
    check(text.count("\n") == 20000 and text.endswith("line 19999\n"), "all 20000 lines arrive in order", len(text))
    check(len(streams) < 200, "20000 prints become few stream messages", len(streams))


def stream_arrives_while_cell_runs(s):
    # The cell prints, then waits for a file that this test creates only after it has seen the
    # print: if output came only at the end of the cell, the cell would never end.
    import os, tempfile
    flag = os.path.join(tempfile.mkdtemp(), "go")
    msg_id = s.kc.execute('System.out.println("early");\nwhile (!java.nio.file.Files.exists(java.nio.file.Path.of("%s"))) Thread.sleep(20);\nSystem.out.println("late");' % flag)
    wait_for_stream(s, msg_id, "early")
    open(flag, "w").close()
    msgs = s.collect(msg_id)
    check(any(m["msg_type"] == "stream" and "late" in m["content"]["text"] for m in msgs), "the rest arrives after the cell goes on")
    check(s.shell_reply(msg_id)["content"]["status"] == "ok", "the cell ends normally")


def display_and_update(s):
    reply, msgs = s.execute('var d = display("step 0");\nd.update("step 1");\nd.update(Table.create("t", IntColumn.create("a", 1, 2)));')
    shown = of_type(msgs, "display_data")
    updates = of_type(msgs, "update_display_data")
    check(len(shown) == 1 and shown[0]["content"]["data"]["text/plain"] == "step 0", "display_data shown", shown)
    display_id = shown[0]["content"]["transient"]["display_id"]
    check(len(updates) == 2 and all(u["content"]["transient"]["display_id"] == display_id for u in updates), "two updates of the same display id", updates)
    check("text/html" in updates[1]["content"]["data"] and "<table" in updates[1]["content"]["data"]["text/html"], "a table updates as HTML", updates[1]["content"]["data"])
    check("text/plain" in updates[1]["content"]["data"], "text/plain always present")
    # a background thread keeps updating after the cell returned: its messages still name this cell
    msg_id = s.kc.execute('var live = display("0%");\nnew Thread(() -> { try { Thread.sleep(500); } catch (Exception e) {} live.update("100%"); System.out.println("done later"); }).start();')
    s.collect(msg_id)
    s.shell_reply(msg_id)
    late = []
    deadline = time.time() + 10
    while time.time() < deadline and len(late) < 2:
        m = s.kc.get_iopub_msg(timeout=10)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] in ("update_display_data", "stream"):
            late.append(m)
    types = sorted(m["msg_type"] for m in late)
    check(types == ["stream", "update_display_data"], "output from a background thread reaches the cell that started it", types)


def png_and_clear_output(s):
    reply, msgs = s.execute('Charts.lines("loss", "step", "loss", Map.of("job", new double[][] {{0, 1, 2}, {3, 2, 1}}))')
    data = of_type(msgs, "execute_result")[0]["content"]["data"]
    check("image/png" in data and "text/plain" in data, "a chart is image/png with text/plain", list(data))
    reply, msgs = s.execute('System.out.println("x"); clearOutput();')
    check(len(of_type(msgs, "clear_output")) == 1, "clear_output published", [m["msg_type"] for m in msgs])


def a_cell_registers_a_renderer(s):
    s.execute("record Point(int x, int y) {}")
    reply, msgs = s.execute('Renderers.shared().register(Point.class, p -> Rendering.html("<b>" + p.x() + "," + p.y() + "</b>", "Point " + p.x()));')
    check(reply["content"]["status"] == "ok", "registering a renderer runs", reply["content"])
    reply, msgs = s.execute("new Point(3, 4)")
    data = of_type(msgs, "execute_result")[0]["content"]["data"]
    check(data.get("text/html") == "<b>3,4</b>" and data.get("text/plain") == "Point 3", "the cell's renderer shows its type", data)
    reply, msgs = s.execute('Renderers.shared().register(Point.class, p -> { throw new RuntimeException("boom"); }); new Point(1, 2)')
    errors = of_type(msgs, "error")
    check(reply["content"]["status"] == "error" and any("renderer registered for" in e["content"]["evalue"] for e in errors),
          "a failing renderer is reported as such", [m["content"] for m in msgs])


def complete_inspect_is_complete(s):
    s.execute("String greeting = \"hi\";")
    code = "greeting.subs"
    msg_id = s.kc.complete(code, len(code))
    c = s.shell_reply(msg_id)["content"]
    check(c["status"] == "ok" and any(m.startswith("substring") for m in c["matches"]), "Java completion", c)
    check(c["cursor_start"] == len("greeting."), "cursor_start at the member", c)
    msg_id = s.kc.complete("%ls", 3)
    c = s.shell_reply(msg_id)["content"]
    check("lsmagic" in c["matches"], "magic name completion", c)
    msg_id = s.kc.complete("%help ", 6)
    msg_id = s.kc.inspect("greeting.substring(1)", len("greeting.subs"), detail_level=0)
    c = s.shell_reply(msg_id)["content"]
    check(c["status"] == "ok" and c["found"] and "substring" in c["data"]["text/plain"], "inspect finds the signature", c)
    for code, expected in [("int a = 1;", "complete"), ("for (int i = 0; i < 3; i++) {", "incomplete"), ("%lsmagic", "complete")]:
        msg_id = s.kc.is_complete(code)
        c = s.shell_reply(msg_id)["content"]
        check(c["status"] == expected, "is_complete(%r) is %s" % (code, expected), c)


def history_tuples(s):
    s.execute("1 + 1")
    s.execute("2 + 2")
    msg_id = s.kc.history(hist_access_type="tail", n=10, output=False, raw=True)
    c = s.shell_reply(msg_id)["content"]
    check(c["status"] == "ok", "history status ok", c)
    check([h[2] for h in c["history"]][-2:] == ["1 + 1", "2 + 2"] and all(len(h) == 3 for h in c["history"]), "history as 3-tuples", c)
    msg_id = s.kc.history(hist_access_type="search", pattern="2*", output=True, raw=True)
    c = s.shell_reply(msg_id)["content"]
    check(c["history"] and c["history"][-1][2] == ["2 + 2", "4"], "search with output", c)


def kernel_info_has_status(s):
    msg_id = s.kc.kernel_info()
    c = s.shell_reply(msg_id)["content"]
    check(c["status"] == "ok" and c["language_info"]["name"] == "java" and c["banner"] and c["help_links"], "kernel_info", c)
    check(c["protocol_version"].startswith("5."), "protocol version", c)


def wait_for_stream(s, msg_id, text):
    while True:
        m = s.kc.get_iopub_msg(timeout=TIMEOUT)
        if m["parent_header"].get("msg_id") == msg_id and m["msg_type"] == "stream" and text in m["content"]["text"]:
            return


def interrupt_infinite_loop(s):
    msg_id = s.kc.execute('System.out.println("looping");\nwhile (true) {}')
    wait_for_stream(s, msg_id, "looping")
    s.km.interrupt_kernel()
    reply = s.shell_reply(msg_id, timeout=30)
    check(reply["content"]["status"] == "error", "interrupted cell ends with an error reply", reply["content"])
    msgs = s.collect(msg_id)
    check(of_type(msgs, "error") and of_type(msgs, "error")[0]["content"]["ename"] == "Interrupted", "one Interrupted error", [m["msg_type"] for m in msgs])
    reply, msgs = s.execute("40 + 2")
    check(of_type(msgs, "execute_result")[0]["content"]["data"]["text/plain"] == "42", "kernel still works after interrupt")
    msg_id = s.kc.execute('System.out.println("sleeping");\nThread.sleep(60000)')
    wait_for_stream(s, msg_id, "sleeping")
    s.km.interrupt_kernel()
    reply = s.shell_reply(msg_id, timeout=30)
    check(reply["content"]["status"] == "error", "a sleeping cell is interrupted too", reply["content"])


def stdin_input_request(s):
    msg_id = s.kc.execute('var line = new java.util.Scanner(System.in).nextLine();\nline.toUpperCase()', allow_stdin=True)
    req = s.kc.get_stdin_msg(timeout=TIMEOUT)
    check(req["msg_type"] == "input_request", "input_request sent", req)
    s.kc.input("hello")
    s.shell_reply(msg_id)
    msgs = s.collect(msg_id)
    check(of_type(msgs, "execute_result")[0]["content"]["data"]["text/plain"] == "HELLO", "System.in reads the answer")


def magics_and_errors(s):
    reply, msgs = s.execute("%lsmagic")
    data = of_type(msgs, "execute_result")[0]["content"]["data"]
    check("text/html" in data and "%help" in data["text/plain"], "lsmagic is a table", data)
    reply, msgs = s.execute("%lsmagick")
    err = of_type(msgs, "error")
    check(len(err) == 1 and "Did you mean %lsmagic?" in err[0]["content"]["evalue"], "unknown magic names the closest", err)
    reply, msgs = s.execute("%jars --nope x.jar")
    err = of_type(msgs, "error")
    check(len(err) == 1 and "--nope" in err[0]["content"]["evalue"], "unknown option is named", err)
    reply, msgs = s.execute("%help jars")
    out = of_type(msgs, "execute_result")[0]["content"]["data"]["text/plain"]
    check("Examples" in out, "help shows examples", out)
    reply, msgs = s.execute("int k = 3;\n%classpath\nk * 2")
    check(of_type(msgs, "execute_result")[0]["content"]["data"]["text/plain"] == "6", "line magics between Java lines")


def maven_adds_an_artifact_with_its_dependencies(s):
    reply, msgs = s.execute("%maven org.apache.commons:commons-text:1.12.0", timeout=300)
    out = of_type(msgs, "execute_result")
    check(reply["content"]["status"] == "ok" and out and "commons-lang3" in out[0]["content"]["data"]["text/plain"],
          "commons-text and its dependency commons-lang3 resolved", [m["content"] for m in msgs if m["msg_type"] in ("error", "execute_result")])
    reply, msgs = s.execute('org.apache.commons.text.WordUtils.capitalizeFully("hello there")')
    check(of_type(msgs, "execute_result")[0]["content"]["data"]["text/plain"] == "Hello There", "the artifact is usable in cells")
    # Shift-Tab on the artifact's method: its Javadoc, from the -sources jar fetched from Central on this first ask
    code = "org.apache.commons.text.WordUtils.capitalizeFully("
    msg_id = s.kc.inspect(code, len(code), detail_level=0)
    c = s.shell_reply(msg_id, timeout=300)["content"]
    text = c.get("data", {}).get("text/plain", "")
    check(c["found"] and "WordUtils.capitalizeFully(String str)" in text
          and "Converts all the whitespace separated words in a String into capitalized words" in text,
          "inspect shows the artifact's Javadoc from its sources jar", c)
    reply, msgs = s.execute("%maven org.example.nosuch:nothing:0.0.1", timeout=300)
    err = of_type(msgs, "error")
    check(len(err) == 1 and "Could not resolve" in err[0]["content"]["evalue"], "a missing artifact is a clear error", err)


def jar_keeps_what_cells_use(s):
    """The shaded jar drops unreached fastutil/ICU4J classes and foreign SQLite natives: what cells use must stay."""
    reply, msgs = s.execute('var smokeDir = java.nio.file.Files.createTempDirectory("jar-smoke");\n'
                            'var csv = smokeDir.resolve("runs.csv");\n'
                            'java.nio.file.Files.writeString(csv, "model,loss,epoch\\nmlp,0.9,1\\nmlp,0.5,2\\ncnn,0.7,1\\ncnn,0.3,2\\n");\n'
                            # Table.read().csv(File) detects the charset with ICU4J's CharsetDetector
                            'Table runs = Table.read().csv(csv.toFile());\n'
                            'runs.summarize("loss", tech.tablesaw.aggregate.AggregateFunctions.min).by("model").sortAscendingOn("model")')
    check(reply["content"]["status"] == "ok", "Tablesaw reads a CSV and groups it in a cell", [m["content"] for m in msgs if m["msg_type"] == "error"])
    data = of_type(msgs, "execute_result")[0]["content"]["data"]
    cells = [line.split() for line in data["text/plain"].splitlines()]
    check(["cnn", "0.3"] in cells and ["mlp", "0.5"] in cells, "the minimum loss per model", data["text/plain"])
    check("<table" in data.get("text/html", ""), "the table renders as HTML", list(data))
    reply, msgs = s.execute('runs.where(runs.doubleColumn("loss").isLessThan(0.6)).rowCount()')
    check(of_type(msgs, "execute_result")[0]["content"]["data"]["text/plain"] == "2", "a row filter (RoaringBitmap, fastutil)",
          [m["content"] for m in msgs if m["msg_type"] in ("error", "execute_result")])
    reply, msgs = s.execute('try (var ledger = org.hpckernel.ledger.Ledger.open(smokeDir.resolve("ledger.db"))) {\n'
                            '    ledger.submissionStarted("t1", "local", "/tmp/j");\n'
                            '    ledger.submitted("t1", "local", "42", "smoke", "/tmp/j", "{}", "");\n'
                            '}\n'
                            'String seen;\n'
                            'try (var ledger = org.hpckernel.ledger.Ledger.open(smokeDir.resolve("ledger.db"))) {\n'
                            '    seen = ledger.jobs("local").get(0).jobId() + " " + ledger.read(db -> {\n'
                            '        try (var st = db.createStatement(); var rs = st.executeQuery("select sqlite_version()")) {\n'
                            '            rs.next();\n'
                            '            return rs.getString(1);\n'
                            '        }\n'
                            '    });\n'
                            '}\n'
                            'seen')
    out = of_type(msgs, "execute_result")
    check(out, "a ledger opens, writes and reads back in SQLite", [m["content"] for m in msgs if m["msg_type"] == "error"])
    job, version = out[0]["content"]["data"]["text/plain"].strip('"').split(" ")
    check(job == "42", "the job written is read back", job)
    # CVE-2025-6965 is fixed in SQLite 3.50.2: the native library loaded must be that or newer
    check(tuple(int(x) for x in version.split(".")) >= (3, 50, 2), "SQLite 3.50.2 or newer is loaded", version)


def queued_cells_after_an_error_are_aborted(s):
    ids = [s.kc.execute('throw new IllegalStateException("first cell fails")'), s.kc.execute("1"), s.kc.execute("2")]
    statuses = [s.shell_reply(i)["content"]["status"] for i in ids]
    check(statuses == ["error", "aborted", "aborted"], "Run All stops at the first error", statuses)
    reply, msgs = s.execute("40 + 2")
    check(of_type(msgs, "execute_result")[0]["content"]["data"]["text/plain"] == "42", "a later cell runs again")


def shutdown_and_restart(s):
    s.execute("int before = 1;")
    s.km.restart_kernel(now=False)
    s.kc.wait_for_ready(timeout=TIMEOUT)
    reply, msgs = s.execute("before")
    check(reply["content"]["status"] == "error", "state is gone after a restart", reply["content"])
    reply, msgs = s.execute("1 + 1")
    check(of_type(msgs, "execute_result")[0]["content"]["data"]["text/plain"] == "2", "restarted kernel works")
    msg_id = s.kc.shutdown()
    c = None
    while c is None:
        m = s.kc.get_control_msg(timeout=TIMEOUT)  # jupyter_client sends shutdown on the control channel
        if m["parent_header"].get("msg_id") == msg_id:
            c = m["content"]
    check(c["status"] == "ok" and c["restart"] is False, "shutdown_reply with status", c)
    deadline = time.time() + 15
    while s.km.is_alive() and time.time() < deadline:
        time.sleep(0.1)
    check(not s.km.is_alive(), "kernel process ends after shutdown")


SCENARIOS = {f.__name__: f for f in [
    a_cell_registers_a_renderer,
    execute_result_stream_and_error, output_is_batched, stream_arrives_while_cell_runs, display_and_update,
    png_and_clear_output, complete_inspect_is_complete, history_tuples, kernel_info_has_status,
    interrupt_infinite_loop, stdin_input_request, magics_and_errors, maven_adds_an_artifact_with_its_dependencies,
    queued_cells_after_an_error_are_aborted, jar_keeps_what_cells_use,
    shutdown_and_restart]}

if __name__ == "__main__":
    import os
    name = sys.argv[1]
    session = Session()
    code = 0
    try:
        SCENARIOS[name](session)
        print("PASS", name)
    except AssertionError as e:
        print("FAIL", name, e)
        code = 1
    finally:
        session.close()
    sys.stdout.flush()
    os._exit(code)  # skips jupyter_client's noisy __del__ at interpreter exit
