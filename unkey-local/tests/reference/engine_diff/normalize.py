"""ClickHouse typed JSON (JSONCompactEachRowWithNamesAndTypes, decimals and 64-bit ints quoted,
denormals quoted) -> the JSON value upstream's Go answers (clickhouse-go scanning, then
encoding/json), as Python values. Raises Unmapped for a type not mapped here, and
Upstream500 for what upstream cannot encode (a non-finite float inside an array)."""
import datetime, math, re
from zoneinfo import ZoneInfo


class Unmapped(Exception):
    pass


class Upstream500(Exception):
    pass


def split_args(s):
    out, depth, cur, q = [], 0, "", False
    for ch in s:
        if ch == "'" :
            q = not q
        if not q and ch == "(":
            depth += 1
        elif not q and ch == ")":
            depth -= 1
        if not q and ch == "," and depth == 0:
            out.append(cur.strip()); cur = ""
        else:
            cur += ch
    if cur.strip():
        out.append(cur.strip())
    return out


def go_time(dt, frac_digits):
    """Go's time.Time MarshalJSON: RFC 3339 with nanoseconds, trailing zeros trimmed."""
    s = dt.strftime("%Y-%m-%dT%H:%M:%S")
    if frac_digits:
        frac = ("%09d" % frac_digits).rstrip("0")
        if frac:
            s += "." + frac
    off = dt.utcoffset()
    if off is None or off == datetime.timedelta(0):
        s += "Z"
    else:
        mins = int(off.total_seconds() // 60)
        sign = "+" if mins >= 0 else "-"
        mins = abs(mins)
        s += "%s%02d:%02d" % (sign, mins // 60, mins % 60)
    return s


def norm(t, v, top=True):
    t = t.strip()
    m = re.fullmatch(r"SimpleAggregateFunction\([^,]+,\s*(.*)\)", t)
    if m:  # clickhouse-go reads it as its inner type
        return norm(m.group(1), v, top)
    m = re.fullmatch(r"Interval(\w+)", t)
    if m and not top:  # clickhouse-go's Interval.row: "%d %s" + "s" when > 1
        n = int(v)
        return "%d %s%s" % (n, m.group(1), "s" if n > 1 else "")
    if t.startswith("Tuple(") and not top:
        # Array(Tuple) scanned by ch.Dynamic's scanSliceOfMaps: unnamed elements under "", last kept
        args = split_args(t[6:-1])
        if any(re.match(r"\w+\s+\w", a) and not a.startswith(("LowCardinality", "Nullable")) for a in args):
            raise Unmapped(t)
        return {"": norm(args[-1], v[-1], False)}
    if t.startswith("Enum"):
        return v
    if t == "Float32":
        if isinstance(v, str):
            if not top:
                raise Upstream500("non-finite in array")
            return None
        return float(v)
    if t.startswith("LowCardinality("):
        return norm(t[15:-1], v, top)
    if t.startswith("Nullable("):
        return None if v is None else norm(t[9:-1], v, top)
    if t == "Nothing":
        return None
    if t.startswith("Array("):
        return [norm(t[6:-1], x, False) for x in v]
    if t in ("String",) or t.startswith("FixedString") or t.startswith("Enum") or t == "UUID":
        if t.startswith("FixedString"):
            raise Unmapped(t)
        return v
    if re.fullmatch(r"U?Int(8|16|32|64|128|256)", t):
        return int(v)
    if t == "Bool":
        return bool(v)
    if t in ("Float64", "Float32", "BFloat16"):
        if isinstance(v, str):  # quoted denormals
            if v in ("nan", "-nan", "inf", "-inf", "+inf"):
                if not top:
                    raise Upstream500("non-finite in array")
                return None
            v = float(v)
        if t != "Float64":
            raise Unmapped(t)
        return float(v)
    if t.startswith("Decimal"):
        # Go decimal.Decimal MarshalJSON: quoted, shortest exact
        s = str(v)
        if "." in s:
            s = s.rstrip("0").rstrip(".")
        if s in ("-0", ""):
            s = "0"
        return s
    if t in ("Date", "Date32"):
        d = datetime.date.fromisoformat(v)
        return go_time(datetime.datetime(d.year, d.month, d.day, tzinfo=datetime.timezone.utc), 0)
    m = re.fullmatch(r"DateTime(?:\('([^']*)'\))?", t)
    if m:
        tz = ZoneInfo(m.group(1)) if m.group(1) else datetime.timezone.utc
        dt = datetime.datetime.strptime(v, "%Y-%m-%d %H:%M:%S")
        # ClickHouse writes the wall time of the zone
        dt = dt.replace(tzinfo=tz) if tz is not datetime.timezone.utc else dt.replace(tzinfo=tz)
        if m.group(1) and dt.utcoffset() != datetime.timedelta(0):
            pass
        return go_time(dt, 0)
    m = re.fullmatch(r"DateTime64\((\d+)(?:,\s*'([^']*)')?\)", t)
    if m:
        tz = ZoneInfo(m.group(2)) if m.group(2) else datetime.timezone.utc
        base, _, frac = v.partition(".")
        dt = datetime.datetime.strptime(base, "%Y-%m-%d %H:%M:%S").replace(tzinfo=tz)
        ns = int((frac + "000000000")[:9]) if frac else 0
        return go_time(dt, ns)
    raise Unmapped(t)


def norm_rows(names, types, rows):
    """-> list of dicts (Go's map per row: a name given twice keeps its last value)."""
    out = []
    for r in rows:
        d = {}
        for n, t, v in zip(names, types, r):
            d[n] = norm(t, v)
        out.append(d)
    return out
