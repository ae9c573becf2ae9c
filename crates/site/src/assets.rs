//! The files Trunk built (`sunaba-<hash>.js` and its `_bg.wasm`) and the two small modules that
//! load them: `boot.js` for the site's pages and `sunaba.js` for pages embedding playgrounds.

use std::path::Path;

pub struct Assets {
    /// `sunaba-<hash>.js`, wasm-bindgen's module.
    pub js: String,
    /// `sunaba-<hash>_bg.wasm`.
    pub wasm: String,
}

impl Assets {
    pub fn find(dist: &Path) -> Result<Assets, String> {
        let names: Vec<String> = std::fs::read_dir(dist)
            .map_err(|e| format!("{}: {e}", dist.display()))?
            .filter_map(|e| e.ok()?.file_name().into_string().ok())
            .collect();
        let one = |what: &str, ok: &dyn Fn(&str) -> bool| -> Result<String, String> {
            let mut found: Vec<&String> = names.iter().filter(|n| ok(n)).collect();
            found.sort();
            match found.as_slice() {
                [one] => Ok((*one).clone()),
                [] => Err(format!("no {what} in {} (run Trunk first)", dist.display())),
                many => Err(format!("several {what} in {}: {many:?}", dist.display())),
            }
        };
        Ok(Assets {
            js: one("sunaba-<hash>.js", &|n| {
                n.starts_with("sunaba-") && n.ends_with(".js") && n.len() > "sunaba-.js".len()
            })?,
            wasm: one("sunaba-<hash>_bg.wasm", &|n| {
                n.starts_with("sunaba-") && n.ends_with("_bg.wasm")
            })?,
        })
    }

    /// `boot.js`: starts the Wasm, whose start function takes over the page.
    pub fn boot(&self) -> String {
        format!(
            "// Loads the playground; its start function takes over the page rendered at build time.\n\
             import init from './{js}';\n\
             // That page is painted first: its largest text is on screen before the Wasm is\n\
             // fetched and run.\n\
             if (document.visibilityState === 'visible') {{\n  \
               await new Promise((painted) => requestAnimationFrame(() => setTimeout(painted, 0)));\n\
             }}\n\
             await init({{ module_or_path: new URL('./{wasm}', import.meta.url) }});\n",
            js = self.js,
            wasm = self.wasm
        )
    }

    /// `sunaba.js`: the playground's module under a name that stays the same across builds.
    pub fn entry(&self) -> String {
        format!(
            "// Sunaba's module under a stable name: `import init, {{ mount }} from './sunaba.js';`\n\
             // then `await init();` (the Wasm is found next to this file).\n\
             import init from './{js}';\n\
             export * from './{js}';\n\
             export default function (options) {{\n  \
               return init(options ?? {{ module_or_path: new URL('./{wasm}', import.meta.url) }});\n\
             }}\n",
            js = self.js,
            wasm = self.wasm
        )
    }

    pub fn write_loaders(&self, dist: &Path) -> Result<(), String> {
        for (name, text) in [("boot.js", self.boot()), ("sunaba.js", self.entry())] {
            let path = dist.join(name);
            std::fs::write(&path, text).map_err(|e| format!("{}: {e}", path.display()))?;
        }
        Ok(())
    }
}
