//! Bad input never crashes: random command lines (word soup, flags, quotes, unicode, huge
//! numbers) must return output or a kubectl-style error — never panic, never break invariants.

use sunaba_core::rng::SimRng;
use sunaba_core::{MapFiles, World};

const WORDS: &[&str] = &[
    "kubectl",
    "sim",
    "get",
    "describe",
    "delete",
    "scale",
    "logs",
    "apply",
    "pods",
    "pod/",
    "deployment/web",
    "nodes",
    "node-1",
    "events",
    "rs",
    "-o",
    "json",
    "yaml",
    "wide",
    "-l",
    "app=web",
    "-n",
    "kube-system",
    "-A",
    "--replicas=",
    "--replicas",
    "-1",
    "99999999999999999999",
    "2147483648",
    "3",
    "-f",
    "web.yaml",
    "nope.yaml",
    "wait",
    "kill",
    "crash",
    "--exit-code",
    "256",
    "fail-node",
    "restore-node",
    "add-node",
    "nodes",
    "seed",
    "--cpu",
    "0",
    "--memory",
    "1e400",
    "'",
    "\"",
    "\\",
    "=",
    "--",
    "-",
    "--force",
    "--grace-period=0",
    "ｋｕｂｅ",
    "🙂",
    "\u{0}",
    "-c",
    "main",
    "--previous",
    "-p",
    "1h",
    "500ms",
    "30d",
    "remove-node",
    "-x",
    "--=",
];

#[test]
fn random_command_lines_never_panic() {
    let mut files = MapFiles::default();
    files.0.insert(
        "web.yaml".into(),
        "apiVersion: apps/v1\nkind: Deployment\nmetadata:\n  name: web\nspec:\n  replicas: 2\n  selector:\n    matchLabels:\n      app: web\n  template:\n    metadata:\n      labels:\n        app: web\n    spec:\n      containers:\n      - name: main\n        image: nginx:1.14.2\n".into(),
    );
    for seed in 0..40u64 {
        let mut rng = SimRng::new(seed);
        let mut w = World::new(seed);
        w.run("kubectl apply -f web.yaml", &files)
            .expect("valid apply");
        for _ in 0..250 {
            let n = 1 + rng.below(7) as usize;
            let mut line: Vec<String> = (0..n)
                .map(|_| WORDS[rng.below(WORDS.len() as u64) as usize].to_string())
                .collect();
            if rng.below(3) > 0 {
                line.insert(
                    0,
                    if rng.below(2) == 0 {
                        "kubectl".into()
                    } else {
                        "sim".into()
                    },
                );
            }
            let line = line.join(if rng.below(5) == 0 { "" } else { " " });
            if line.contains("sim wait") && line.contains('d') {
                continue; // days of virtual time per step would only make the test slow
            }
            let _ = w.run(&line, &files);
            if let Err(e) = w.check_invariants() {
                panic!("seed {seed}: invariant broken after `{line}`: {e}");
            }
        }
    }
    let mut w = World::new(0);
    let long = "kubectl get pods ".repeat(1000);
    assert!(w
        .run(&long, &files)
        .unwrap_err()
        .message
        .contains("longer than"));
}
