"""Reads an exported study back with Debian's Optuna and prints what Optuna sees, as JSON on stdout.

Usage: optuna_check.py STORAGE_URL STUDY_NAME WORK_DIR [--plots]

Besides load_study it copies the study with optuna.copy_study, which re-validates every trial
(FrozenTrial._validate) and writes it with Optuna's own storage code, then compares that copy's
rows with the exported ones: equal rows mean the export stored what Optuna itself would have.
"""
import json
import math
import os
import sqlite3
import sys

import optuna
from optuna.distributions import distribution_to_json

optuna.logging.set_verbosity(optuna.logging.WARNING)


def num(v):
    if v is None:
        return None
    if isinstance(v, float) and math.isnan(v):
        return "nan"
    if isinstance(v, float) and math.isinf(v):
        return "inf" if v > 0 else "-inf"
    return v


def typed(v):
    """A parameter value with its Python type, so that 3 and 3.0 and True stay apart."""
    return {"type": type(v).__name__, "value": num(v)}


def rows(path, study_name):
    """Each trial's rows of the storage, without the ids and times the two writers choose differently."""
    con = sqlite3.connect(path)
    study_id = con.execute("SELECT study_id FROM studies WHERE study_name = ?", (study_name,)).fetchone()[0]
    out = {"direction": con.execute("SELECT direction, objective FROM study_directions WHERE study_id = ?",
                                    (study_id,)).fetchall()}
    for trial_id, number, state, start, complete in con.execute(
            "SELECT trial_id, number, state, datetime_start, datetime_complete FROM trials WHERE study_id = ? "
            "ORDER BY number", (study_id,)).fetchall():
        out[number] = {
            "state": state,
            "has_start": start is not None,
            "has_complete": complete is not None,
            "params": con.execute("SELECT param_name, param_value, distribution_json FROM trial_params WHERE trial_id = ? "
                                  "ORDER BY param_name", (trial_id,)).fetchall(),
            "values": con.execute("SELECT objective, value, value_type FROM trial_values WHERE trial_id = ?",
                                  (trial_id,)).fetchall(),
            "intermediate": con.execute("SELECT step, intermediate_value, intermediate_value_type FROM "
                                        "trial_intermediate_values WHERE trial_id = ? ORDER BY step", (trial_id,)).fetchall(),
            "user_attrs": con.execute("SELECT key, value_json FROM trial_user_attributes WHERE trial_id = ? ORDER BY key",
                                      (trial_id,)).fetchall(),
        }
    con.close()
    return out


def main():
    url, name, work = sys.argv[1], sys.argv[2], sys.argv[3]
    plots = "--plots" in sys.argv
    study = optuna.load_study(study_name=name, storage=url)
    report = {
        "optuna": optuna.__version__,
        "direction": study.direction.name,
        "user_attrs": study.user_attrs,
        "trials": [],
    }
    for t in study.get_trials(deepcopy=False):
        report["trials"].append({
            "number": t.number,
            "state": t.state.name,
            "value": num(t.value) if t.values is not None else None,
            "params": {k: typed(v) for k, v in t.params.items()},
            "distributions": {k: distribution_to_json(d) for k, d in t.distributions.items()},
            "intermediate": {str(k): num(v) for k, v in sorted(t.intermediate_values.items())},
            "user_attrs": t.user_attrs,
            "has_start": t.datetime_start is not None,
            "has_complete": t.datetime_complete is not None,
        })
    completed = [t for t in study.trials if t.state == optuna.trial.TrialState.COMPLETE]
    report["best_number"] = study.best_trial.number if completed else None

    copy_path = os.path.join(work, "optuna-copy.db")
    if os.path.exists(copy_path):
        os.remove(copy_path)
    optuna.copy_study(from_study_name=name, from_storage=url, to_storage="sqlite:///" + copy_path)
    ours = rows(url[len("sqlite:///"):], name)
    theirs = rows(copy_path, name)
    report["rows_equal_to_optunas_copy"] = ours == theirs
    if ours != theirs:
        report["rows_ours"] = repr(ours)
        report["rows_optunas"] = repr(theirs)

    again = optuna.load_study(study_name=name, storage=url)
    frame = again.trials_dataframe()
    report["dataframe"] = {"rows": len(frame), "columns": sorted(frame.columns)}

    if plots:
        import optuna.visualization as vis
        figures = {
            "optimization_history": vis.plot_optimization_history(study),
            "intermediate_values": vis.plot_intermediate_values(study),
            "param_importances": vis.plot_param_importances(study),
            "slice": vis.plot_slice(study),
            # Optuna 3.1 leaves out every trial missing one of the plotted parameters, so a conditional space
            # plots nothing by default: the parameters every completed trial has
            "parallel_coordinate": vis.plot_parallel_coordinate(
                study, params=sorted(set.intersection(*[set(t.params) for t in completed]))),
        }
        report["parallel_coordinate_default_traces"] = len(vis.plot_parallel_coordinate(study).data)
        report["plots"] = {}
        for key, fig in figures.items():
            path = os.path.join(work, key + ".html")
            fig.write_html(path, include_plotlyjs="cdn")
            report["plots"][key] = {"json_chars": len(fig.to_json()), "traces": len(fig.data), "html_bytes": os.path.getsize(path)}
    print(json.dumps(report))


main()
