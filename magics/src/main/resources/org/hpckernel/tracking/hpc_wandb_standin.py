"""A small stand-in for the `wandb` package on compute nodes that have none (standard library only).

hpc-kernel's runners import it as `wandb` only when the job's python cannot import the real one. It covers
what HPC-Ops' flow logics and W&B's quickstarts call: login, init(project, group, job_type, name, config),
run.log(dict, step=), config, summary, finish, Artifact(...).add_file/add_dir, log_artifact,
use_artifact(ref).download(root) (from the artifacts staged with the job, hpc_artifacts.json), and
Plotly/Image/Table/Html (saved as files under media/). What is logged goes to hpc-kernel's metrics
files ($HPC_METRICS one JSON row per log call, $HPC_SUMMARY), so `%hpc metrics` shows it. Nothing is
sent anywhere. A sweep trial's parameters are read from $WANDB_SWEEP_PARAM_PATH, as wandb.init does.
"""
import json
import numbers
import os
import shutil
import time
import uuid

__version__ = "0.0.0+hpc-kernel-standin"

run = None


def _job_dir():
    return os.environ.get("HPC_JOB_DIR") or os.getcwd()


def termlog(msg="", *args, **kwargs):
    print("wandb: " + str(msg))


termwarn = termerror = termlog


def login(key=None, relogin=None, host=None, **kwargs):
    return True


class Settings(dict):
    def __init__(self, **kwargs):
        super().__init__(**kwargs)


class Error(Exception):
    pass


class Config(dict):
    """wandb.config: a dict with attribute access."""

    def __getattr__(self, key):
        try:
            return self[key]
        except KeyError:
            raise AttributeError(key)

    def __setattr__(self, key, value):
        self[key] = value

    def update(self, other=None, allow_val_change=None, **kwargs):
        if other is not None:
            dict.update(self, dict(other) if not isinstance(other, dict) else other)
        dict.update(self, kwargs)

    def setdefaults(self, d):
        for k, v in dict(d).items():
            self.setdefault(k, v)

    def as_dict(self):
        return dict(self)


def _sweep_config():
    """The trial's parameters: the file wandb's agent (or hpc-kernel's sweep) writes, {name: {"value": v}}."""
    path = os.environ.get("WANDB_SWEEP_PARAM_PATH")
    if not path or not os.path.exists(path):
        return {}
    with open(path) as f:
        text = f.read()
    try:
        loaded = json.loads(text)
    except ValueError:
        loaded = _simple_yaml(text)
    loaded.pop("wandb_version", None)
    return {k: (v.get("value") if isinstance(v, dict) and "value" in v else v) for k, v in loaded.items()}


def _simple_yaml(text):
    """The agent's own file (yaml.dump of {name: {value: v}}): top-level keys with a 'value:' line each."""
    out, key = {}, None
    for line in text.splitlines():
        if not line.strip() or line.startswith("wandb_version"):
            continue
        if not line.startswith(" ") and line.rstrip().endswith(":"):
            key = line.rstrip()[:-1].strip("'\"")
            out[key] = {}
        elif key is not None and line.strip().startswith("value:"):
            raw = line.strip()[len("value:"):].strip()
            try:
                out[key] = {"value": json.loads(raw)}
            except ValueError:
                out[key] = {"value": {"true": True, "false": False, "null": None}.get(raw, raw.strip("'\""))}
    return out


def _number(v):
    if isinstance(v, bool):
        return None
    if isinstance(v, numbers.Number):
        try:
            return float(v) if not isinstance(v, numbers.Integral) else int(v)
        except (TypeError, ValueError):
            return None
    if hasattr(v, "item") and getattr(v, "shape", None) == ():
        return _number(v.item())
    return None


class _Media:
    ext = "json"

    def _save(self, path):
        raise NotImplementedError

    def save_as(self, key, step):
        media = os.path.join(_job_dir(), "media")
        os.makedirs(media, exist_ok=True)
        safe = "".join(c if c.isalnum() or c in "-_." else "_" for c in str(key))
        path = os.path.join(media, "%s_%s_%s.%s" % (safe, step, uuid.uuid4().hex[:8], self.ext))
        self._save(path)
        return path


class Plotly(_Media):
    ext = "plotly.json"

    def __init__(self, val):
        self.fig = val

    def _save(self, path):
        text = self.fig.to_json() if hasattr(self.fig, "to_json") else json.dumps(self.fig, default=str)
        with open(path, "w") as f:
            f.write(text)


class Html(_Media):
    ext = "html"

    def __init__(self, data, inject=True):
        self.data = data if isinstance(data, str) else data.read()

    def _save(self, path):
        with open(path, "w") as f:
            f.write(self.data)


class Image(_Media):
    ext = "png"

    def __init__(self, data_or_path, mode=None, caption=None, **kwargs):
        self.data = data_or_path
        self.caption = caption

    def _save(self, path):
        d = self.data
        if isinstance(d, str):
            shutil.copyfile(d, path)
        elif hasattr(d, "savefig"):
            d.savefig(path)
        elif hasattr(d, "save"):
            d.save(path)
        else:
            try:
                from PIL import Image as _PIL
                _PIL.fromarray(d).save(path)
            except ImportError:
                with open(path + ".json", "w") as f:
                    json.dump(getattr(d, "tolist", lambda: d)(), f)


class Table(_Media):
    ext = "table.json"

    def __init__(self, columns=None, data=None, dataframe=None, **kwargs):
        if dataframe is not None:
            columns, data = list(dataframe.columns), dataframe.values.tolist()
        self.columns = list(columns or [])
        self.data = [list(r) for r in (data or [])]

    def add_data(self, *row):
        self.data.append(list(row))

    def _save(self, path):
        with open(path, "w") as f:
            json.dump({"columns": self.columns, "data": self.data}, f, default=str)


class Artifact:
    def __init__(self, name, type="dataset", description=None, metadata=None, **kwargs):
        self.name, self.type, self.description, self.metadata = name, type, description, dict(metadata or {})
        self._files = []  # (path in the artifact, local path)
        self.version = None

    def add_file(self, local_path, name=None, **kwargs):
        self._files.append((name or os.path.basename(local_path), local_path))

    def add_dir(self, local_path, name=None, **kwargs):
        for root, _, files in os.walk(local_path):
            for fn in files:
                full = os.path.join(root, fn)
                rel = os.path.relpath(full, local_path)
                self._files.append((os.path.join(name, rel) if name else rel, full))

    def add(self, obj, name):
        path = obj.save_as(name, "artifact")
        self._files.append((name + "." + obj.ext, path))

    def download(self, root=None, **kwargs):
        root = root or os.path.join(".", "artifacts", "%s:%s" % (self.name, self.version))
        for rel, local in self._files:
            target = os.path.join(root, rel)
            os.makedirs(os.path.dirname(target) or ".", exist_ok=True)
            shutil.copyfile(local, target)
        return root

    def wait(self):
        return self


def _staged(ref):
    index_path = os.path.join(_job_dir(), "hpc_artifacts.json")
    index = {}
    if os.path.exists(index_path):
        with open(index_path) as f:
            index = json.load(f)
    name = ref.split("/")[-1]
    entry = index.get(name) or index.get(name + ":latest" if ":" not in name else name)
    if entry is None:
        raise Error("artifact %s was not staged with this job (staged: %s); name it in the request's params so hpc-kernel stages it"
                    % (ref, ", ".join(sorted(index)) or "none"))
    a = Artifact(entry["name"], entry.get("type") or "dataset")
    a.version = entry.get("version")
    a._files = [(f["path"], os.path.join(_job_dir(), f["staged"])) for f in entry["files"]]
    return a


class Run:
    def __init__(self, project=None, entity=None, group=None, job_type=None, name=None, config=None, id=None, **kwargs):
        env = os.environ
        self.project = project or env.get("WANDB_PROJECT") or "uncategorized"
        self.entity = entity or env.get("WANDB_ENTITY")
        self.group = group if group is not None else env.get("WANDB_RUN_GROUP")
        self.job_type = job_type if job_type is not None else env.get("WANDB_JOB_TYPE")
        self.name = name if name is not None else env.get("WANDB_NAME")
        self.id = id or env.get("WANDB_RUN_ID") or uuid.uuid4().hex[:8]
        self.sweep_id = env.get("WANDB_SWEEP_ID")
        # wandb's run.resumed: here, this sweep trial's HPC_CHECKPOINT_DIR held a checkpoint when it started
        self.resumed = env.get("HPC_RESUMED") == "1"
        self.dir = _job_dir()
        self.config = Config()
        if config is not None:
            self.config.update(config if isinstance(config, dict) else vars(config))
        self.config.update(_sweep_config())  # the sweep's values win over init's, as in wandb
        self.summary = {}
        self._step = 0
        self._start = time.time()
        self._finished = False

    def log(self, data, step=None, commit=None, sync=None):
        if step is not None:
            self._step = int(step)
        row = {"_step": self._step, "_timestamp": time.time(), "_runtime": time.time() - self._start}
        for key, value in _flatten(data).items():
            if isinstance(value, _Media):
                self.summary[key] = value.save_as(key, self._step)
                continue
            n = _number(value)
            if n is not None:
                row[key] = n
                self.summary[key] = n
        with open(os.environ.get("HPC_METRICS") or "metrics.jsonl", "a") as f:
            f.write(json.dumps(row) + "\n")
        if commit is not False:
            self._step += 1

    def use_artifact(self, artifact_or_name, type=None, aliases=None, **kwargs):
        if isinstance(artifact_or_name, Artifact):
            return artifact_or_name
        return _staged(str(artifact_or_name))

    def log_artifact(self, artifact, name=None, type=None, aliases=None, **kwargs):
        if isinstance(artifact, str):
            a = Artifact(name or os.path.basename(artifact), type or "dataset")
            (a.add_dir if os.path.isdir(artifact) else a.add_file)(artifact)
            artifact = a
        out = os.path.join(_job_dir(), "logged-artifacts", artifact.name)
        os.makedirs(out, exist_ok=True)
        artifact.download(out)
        with open(os.path.join(out, ".hpc-artifact.json"), "w") as f:
            json.dump({"name": artifact.name, "type": artifact.type, "aliases": list(aliases or []),
                       "files": [rel for rel, _ in artifact._files], "run": self.name}, f)
        return artifact

    def finish(self, exit_code=None, quiet=None):
        global run
        if self._finished:
            return
        self._finished = True
        path = os.environ.get("HPC_SUMMARY") or "summary.json"
        merged = {}
        if os.path.exists(path):
            try:
                with open(path) as f:
                    merged = json.load(f) or {}
            except ValueError:
                merged = {}
        merged.update(self.summary)
        tmp = "%s.%d.tmp" % (path, os.getpid())
        with open(tmp, "w") as f:
            json.dump(merged, f, default=str)
        os.replace(tmp, path)
        if run is self:
            run = None

    def __enter__(self):
        return self

    def __exit__(self, *exc):
        self.finish(exit_code=1 if exc[0] else 0)
        return False


def _flatten(data, prefix=""):
    out = {}
    for k, v in dict(data).items():
        if isinstance(v, dict):
            out.update(_flatten(v, prefix + str(k) + "."))
        else:
            out[prefix + str(k)] = v
    return out


config = Config()
summary = {}


def init(project=None, entity=None, group=None, job_type=None, name=None, config=None, reinit=None, **kwargs):
    global run, summary
    if run is not None:
        run.finish()
    run = Run(project=project, entity=entity, group=group, job_type=job_type, name=name, config=config, **kwargs)
    _finish_at_exit(run)
    globals()["config"] = run.config
    summary = run.summary
    return run


def _finish_at_exit(r):
    """An unfinished run is finished when the process ends, as wandb does; a process-pool worker ends
    through multiprocessing's exit hooks, not atexit, so both are used."""
    import atexit
    import multiprocessing.util
    atexit.register(r.finish)
    multiprocessing.util.Finalize(r, r.finish, exitpriority=10)


def log(data, step=None, commit=None, sync=None):
    if run is None:
        raise Error("You must call wandb.init() before wandb.log()")
    run.log(data, step=step, commit=commit)


def use_artifact(artifact_or_name, type=None, aliases=None, **kwargs):
    return (run or init()).use_artifact(artifact_or_name, type=type)


def log_artifact(artifact, name=None, type=None, aliases=None, **kwargs):
    return (run or init()).log_artifact(artifact, name=name, type=type, aliases=aliases)


def finish(exit_code=None, quiet=None):
    if run is not None:
        run.finish(exit_code)


def agent(*args, **kwargs):
    raise Error("wandb.agent needs W&B's server; run sweeps with %%hpc sweep")


def sweep(*args, **kwargs):
    raise Error("wandb.sweep needs W&B's server; run sweeps with %%hpc sweep")
