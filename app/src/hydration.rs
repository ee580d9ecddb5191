//! The scripts that bring a server-rendered page to life, with the first lesson first.
//!
//! Leptos' own `<HydrationScripts>` starts downloading the wasm at once, at high priority. On
//! a weak connection that download takes the bandwidth the feed's first video needs: at Slow 4G
//! the first frame came after about 4 s. Here the wasm starts once the first autoplaying video
//! has its first frame (`loadeddata`), or fails, or on the learner's first touch or key, or
//! after [`WAIT_MS`] at most; a page without such a video starts at once. The video plays
//! muted with captions from the server-rendered HTML meanwhile, so nothing waits on the wasm.
//!
//! Otherwise this does what `<HydrationScripts>` does for a split build: it names this build's
//! content-hashed files (`hash.txt` beside the binary) and gives the page the split manifest,
//! from which the server adds preload links for a lazily loaded page's chunks.

use leptos::prelude::*;

/// The longest the wasm waits for the first video's first frame.
pub const WAIT_MS: u32 = 2500;

#[component]
pub fn FeedFirstHydration(options: LeptosOptions) -> impl IntoView {
    let pkg = format!("/{}", options.site_pkg_dir);
    let (js, wasm) = imp::bundle_names(&options);
    let script = format!(
        r#"(function () {{
  let started = false;
  const start = () => {{
    if (started) return;
    started = true;
    import("{pkg}/{js}.js").then((mod) =>
      mod.default({{ module_or_path: "{pkg}/{wasm}.wasm" }}).then(() => mod.hydrate()));
  }};
  const video = document.querySelector("video[autoplay]");
  if (!video || video.readyState >= 2) return start();
  video.addEventListener("loadeddata", start, {{ once: true }});
  video.addEventListener("error", start, {{ once: true, capture: true }});
  for (const e of ["pointerdown", "keydown", "touchstart"]) addEventListener(e, start, {{ once: true, capture: true }});
  setTimeout(start, {WAIT_MS});
}})();"#
    );
    view! {
        <link rel="modulepreload" href=format!("{pkg}/{js}.js") />
        <script type="module">{script}</script>
    }
}

#[cfg(feature = "ssr")]
mod imp {
    use leptos::prelude::*;
    use std::collections::HashMap;
    use std::sync::OnceLock;

    /// `hash.txt` beside the binary: `kind: hash` lines (js, wasm, manifest, split).
    fn hashes(options: &LeptosOptions) -> HashMap<String, String> {
        if !options.hash_files {
            return HashMap::new();
        }
        let path = std::env::current_exe()
            .ok()
            .and_then(|exe| Some(exe.parent()?.join(options.hash_file.as_ref())));
        path.and_then(|p| std::fs::read_to_string(p).ok())
            .unwrap_or_default()
            .lines()
            .filter_map(|l| l.split_once(':'))
            .map(|(k, v)| (k.trim().to_owned(), v.trim().to_owned()))
            .collect()
    }

    /// The JS and wasm file names (without extension), and provides the split manifest.
    pub fn bundle_names(options: &LeptosOptions) -> (String, String) {
        static NAMES: OnceLock<(String, String, Option<leptos::WasmSplitManifest>)> =
            OnceLock::new();
        let (js, wasm, manifest) = NAMES.get_or_init(|| {
            let h = hashes(options);
            let name = options.output_name.to_string();
            let hashed = |kind: &str, plain: String| match h.get(kind) {
                Some(hash) => format!("{name}.{hash}"),
                None => plain,
            };
            let js = hashed("js", name.clone());
            // Unhashed, cargo-leptos names the wasm after the output (it sets
            // LEPTOS_OUTPUT_NAME when building); wasm-bindgen alone adds `_bg`.
            let plain_wasm = if option_env!("LEPTOS_OUTPUT_NAME").is_some() {
                name.clone()
            } else {
                format!("{name}_bg")
            };
            let wasm = hashed("wasm", plain_wasm);
            let file = |kind: &str, stem: &str, ext: &str| match h.get(kind) {
                Some(hash) => format!("{stem}.{hash}.{ext}"),
                None => format!("{stem}.{ext}"),
            };
            let split_js = file("split", "__wasm_split", "js");
            let pkg_dir = std::path::Path::new(options.site_root.as_ref())
                .join(options.site_pkg_dir.as_ref());
            let manifest = std::fs::read_to_string(pkg_dir.join(file(
                "manifest",
                "__wasm_split_manifest",
                "json",
            )))
            .ok()
            .and_then(|text| serde_json::from_str::<HashMap<String, Vec<String>>>(&text).ok())
            .map(|map| {
                leptos::WasmSplitManifest(ArcStoredValue::new((
                    format!("/{}", options.site_pkg_dir),
                    map,
                    split_js,
                )))
            });
            (js, wasm, manifest)
        });
        if let Some(m) = manifest {
            provide_context(m.clone());
        }
        (js.clone(), wasm.clone())
    }
}

/// In the browser the component is hydrated, never rendered anew: the names are not needed.
#[cfg(not(feature = "ssr"))]
mod imp {
    use leptos::prelude::LeptosOptions;

    pub fn bundle_names(_: &LeptosOptions) -> (String, String) {
        (String::new(), String::new())
    }
}
