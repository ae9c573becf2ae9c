//! The load generators the resource tutorials run: `polinux/stress` (stress 1.0.4: `--vm N
//! --vm-bytes SIZE --vm-hang S`, `--cpu N`) and `vish/stress` (`-cpus N`, `-mem-total SIZE`).
//! Both hold what they are told to: the memory a `--vm` worker touches stays resident (so a
//! container whose limit is below it is OOM-killed at once), and each CPU worker spins one
//! core (a CPU limit throttles it; it never kills).

const MIB: u64 = 1024 * 1024;
/// What stress itself and its libc keep resident besides its workers' buffers.
const OVERHEAD_BYTES: u64 = 5 * MIB + 320 * 1024;
/// Bounds on what the arguments may ask for, so nothing overflows.
const MAX_WORKERS: u64 = 1024;
const MAX_BYTES: u64 = 1 << 50;

/// What a stress process holds once its workers run.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct Load {
    pub memory_bytes: u64,
    /// CPU it would use unthrottled, in millicores.
    pub cpu_milli: u64,
    /// stress's own start line, when it prints one.
    pub start_line: Option<String>,
}

/// The load `argv` (command then args) asks for.
pub fn load(argv: &[String]) -> Load {
    let mut cpu = 0u64;
    let mut vm = 0u64;
    let mut vm_bytes = 256 * MIB; // stress's default --vm-bytes
    let mut vm_hang = false;
    let mut vish_cpus = 0u64;
    let mut vish_mem = 0u64;
    let mut polinux = false;
    let mut words = argv.iter().map(String::as_str);
    while let Some(w) = words.next() {
        let (flag, inline) = match w.split_once('=') {
            Some((f, v)) => (f, Some(v)),
            None => (w, None),
        };
        let mut value = || {
            inline
                .map(str::to_string)
                .or_else(|| words.next().map(str::to_string))
        };
        match flag {
            "-c" | "--cpu" => {
                polinux = true;
                cpu = count(value());
            }
            "-m" | "--vm" => {
                polinux = true;
                vm = count(value());
            }
            "--vm-bytes" => vm_bytes = size(value()).unwrap_or(vm_bytes),
            "--vm-hang" => vm_hang = value().is_some_and(|v| v != "0"),
            "-i" | "--io" | "-d" | "--hdd" | "-t" | "--timeout" | "--vm-stride" | "--hdd-bytes"
            | "--backoff" => {
                polinux = true;
                value();
            }
            "-cpus" | "--cpus" => vish_cpus = count(value()),
            "-mem-total" | "--mem-total" => vish_mem = size(value()).unwrap_or(0),
            _ => {}
        }
    }
    let vm_memory = vm.saturating_mul(vm_bytes).min(MAX_BYTES);
    let mut l = Load {
        memory_bytes: OVERHEAD_BYTES + vm_memory + vish_mem,
        // A --vm worker re-touches its buffer without pause unless told to hang.
        cpu_milli: (cpu + vish_cpus + if vm_hang { 0 } else { vm }) * 1000,
        start_line: None,
    };
    if polinux || vm > 0 {
        l.start_line = Some(format!(
            "stress: info: [1] dispatching hogs: {cpu} cpu, 0 io, {vm} vm, 0 hdd"
        ));
    }
    l
}

fn count(v: Option<String>) -> u64 {
    v.and_then(|v| v.parse::<u64>().ok())
        .unwrap_or(0)
        .min(MAX_WORKERS)
}

/// stress's sizes: a number with an optional B, K, M or G suffix (powers of 1024).
fn size(v: Option<String>) -> Option<u64> {
    let v = v?;
    if let Some(base) = v.strip_suffix('i') {
        // vish/stress takes Kubernetes quantities (`150Mi`).
        return size(Some(base.to_string()));
    }
    let (digits, unit) = match v.char_indices().last()? {
        (i, c) if c.is_ascii_alphabetic() => (&v[..i], c.to_ascii_uppercase()),
        _ => (v.as_str(), 'B'),
    };
    let n: u64 = digits.parse().ok()?;
    let mult = match unit {
        'B' => 1,
        'K' => 1024,
        'M' => MIB,
        'G' => 1024 * MIB,
        _ => return None,
    };
    Some(n.saturating_mul(mult).min(MAX_BYTES))
}

#[cfg(test)]
mod tests {
    use super::*;

    fn argv(s: &str) -> Vec<String> {
        s.split_whitespace().map(str::to_string).collect()
    }

    #[test]
    fn the_memory_tutorial_holds_150_mebibytes() {
        let l = load(&argv("stress --vm 1 --vm-bytes 150M --vm-hang 1"));
        assert_eq!(l.memory_bytes / MIB, 155);
        assert_eq!(l.cpu_milli, 0);
        assert_eq!(
            l.start_line.as_deref(),
            Some("stress: info: [1] dispatching hogs: 0 cpu, 0 io, 1 vm, 0 hdd")
        );
    }

    #[test]
    fn the_cpu_tutorial_wants_two_cores() {
        let l = load(&argv("-cpus 2"));
        assert_eq!(l.cpu_milli, 2000);
        assert_eq!(l.start_line, None);
        assert_eq!(load(&argv("--cpu 3 --vm 1")).cpu_milli, 4000);
    }

    #[test]
    fn sizes_and_nonsense() {
        assert_eq!(size(Some("1G".into())), Some(1024 * MIB));
        assert_eq!(size(Some("150Mi".into())), Some(150 * MIB));
        assert_eq!(size(Some("12".into())), Some(12));
        assert_eq!(size(Some("x".into())), None);
        assert_eq!(size(Some(String::new())), None);
        let huge = load(&argv("--vm 99999999 --vm-bytes 99999999G"));
        assert!(huge.memory_bytes <= MAX_BYTES + OVERHEAD_BYTES);
    }
}
