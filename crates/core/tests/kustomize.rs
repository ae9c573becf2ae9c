//! Kustomize as the real tool builds: the example overlays' exact output (hashes included),
//! each feature alone, located errors, hostile input, and `apply -k` on a cluster.

use sunaba_core::{MapFiles, World};

/// The files of `www/examples/kustomize/`, keyed by their path below it.
fn example() -> MapFiles {
    let root = format!(
        "{}/../../www/examples/kustomize",
        env!("CARGO_MANIFEST_DIR")
    );
    let mut f = MapFiles::default();
    let mut stack = vec![std::path::PathBuf::from(&root)];
    while let Some(dir) = stack.pop() {
        for e in std::fs::read_dir(&dir).expect("read example dir") {
            let p = e.expect("entry").path();
            if p.is_dir() {
                stack.push(p);
            } else {
                let rel = p
                    .strip_prefix(&root)
                    .unwrap()
                    .to_string_lossy()
                    .replace('\\', "/");
                f.0.insert(rel, std::fs::read_to_string(&p).unwrap());
            }
        }
    }
    f
}

fn kustomize(files: &MapFiles, dir: &str) -> Result<String, String> {
    let mut w = World::new(1);
    w.run(&format!("kubectl kustomize {dir}"), files)
        .map_err(|e| e.message)
}

fn files(entries: &[(&str, &str)]) -> MapFiles {
    let mut f = MapFiles::default();
    for (k, v) in entries {
        f.0.insert((*k).to_string(), (*v).to_string());
    }
    f
}

/// Hashes from real `kubectl kustomize` runs published in the Kubernetes docs and tutorials:
/// the same inputs must give the same names.
#[test]
fn generator_hashes_match_the_real_tool() {
    let game = "enemies=aliens\nlives=3\nenemies.cheat=true\nenemies.cheat.level=noGoodRotten\nsecret.code.passphrase=UUDDLRLRBABAS\nsecret.code.allowed=true\nsecret.code.lives=30"; // that tutorial's file has no final newline
    let f = files(&[
        ("a/kustomization.yaml", "configMapGenerator:\n- name: game-config-5\n  files:\n  - configmap/game.properties\n"),
        ("a/configmap/game.properties", game),
        ("b/kustomization.yaml", "configMapGenerator:\n- name: example-configmap-2\n  literals:\n  - FOO=Bar\n"),
        ("c/kustomization.yaml", "configMapGenerator:\n- name: example-configmap-1\n  files:\n  - application.properties\n"),
        ("c/application.properties", "FOO=Bar\n"),
    ]);
    let a = kustomize(&f, "a").unwrap();
    assert!(a.contains("name: game-config-5-c6kgkt26m6\n"), "{a}");
    let b = kustomize(&f, "b").unwrap();
    assert_eq!(b, "apiVersion: v1\ndata:\n  FOO: Bar\nkind: ConfigMap\nmetadata:\n  name: example-configmap-2-g2hdhfc6tk\n");
    let c = kustomize(&f, "c").unwrap();
    assert!(c.contains("name: example-configmap-1-8mbdf7882g\n"), "{c}");
    assert!(
        c.contains("  application.properties: |\n    FOO=Bar\n"),
        "{c}"
    );
}
