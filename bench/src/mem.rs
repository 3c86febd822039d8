//! Memory readings of the current process from `/proc/self/status` (Linux). Elsewhere every
//! reading is `None` and the reports say "n/a".

/// Peak resident set size so far (`VmHWM`), in bytes.
pub fn peak_rss() -> Option<u64> {
    status_kib("VmHWM:").map(|k| k * 1024)
}

/// Current resident set size (`VmRSS`), in bytes.
pub fn current_rss() -> Option<u64> {
    status_kib("VmRSS:").map(|k| k * 1024)
}

/// Resets the peak (`VmHWM`) to the current RSS by writing `5` to `/proc/self/clear_refs`, so
/// one process can measure several runs in turn. Returns false when the kernel refuses; the
/// peak then covers everything since the process started.
pub fn reset_peak() -> bool {
    std::fs::write("/proc/self/clear_refs", "5").is_ok()
}

/// The 1-minute load average: how busy the machine was (other processes compete for cores, so
/// reports state it beside every figure).
pub fn load_average() -> Option<f64> {
    let s = std::fs::read_to_string("/proc/loadavg").ok()?;
    s.split_whitespace().next()?.parse().ok()
}

fn status_kib(key: &str) -> Option<u64> {
    kib_in(&std::fs::read_to_string("/proc/self/status").ok()?, key)
}

/// The value of `key` in the text of `/proc/self/status`, in KiB.
fn kib_in(status: &str, key: &str) -> Option<u64> {
    status
        .lines()
        .find_map(|l| l.strip_prefix(key))
        .and_then(|rest| rest.split_whitespace().next())
        .and_then(|n| n.parse().ok())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn peak_is_at_least_current() {
        // one reading of both: the kernel reports VmHWM as at least VmRSS within one reading,
        // but its RSS counters move between two (a page more was seen in a run beside others)
        let Ok(status) = std::fs::read_to_string("/proc/self/status") else {
            println!("SKIP: no /proc/self/status here");
            return;
        };
        let cur = kib_in(&status, "VmRSS:").expect("VmRSS");
        let peak = kib_in(&status, "VmHWM:").expect("VmHWM");
        assert!(peak >= cur && cur > 0, "peak {peak} < current {cur} KiB");
        assert!(current_rss().is_some_and(|b| b > 0) && peak_rss().is_some_and(|b| b > 0));
    }
}
