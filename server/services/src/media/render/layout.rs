//! The look of a lesson video: a 720×1280 frame with a KSB tag, the lesson title, the scene's
//! headline and bullets in large type, a scene counter and a progress bar. Text is measured
//! with the real font so that every line fits the frame.

use super::wav::Timeline;
use super::{RenderError, RenderScript};
use std::fmt::Write as _;
use std::path::{Path, PathBuf};

pub const WIDTH: u32 = 720;
pub const HEIGHT: u32 = 1280;
pub const FPS: u32 = 12;
const MARGIN: u32 = 48;
const BACKGROUND: &str = "0x0f3d3e";
const BAR: &str = "0x2ad4b9";

const FONT_DIRS: [&str; 3] = [
    "/usr/share/fonts/truetype/dejavu",
    "/usr/share/fonts/TTF",
    "/usr/local/share/fonts",
];

/// A font file and its advance widths, for measuring lines before ffmpeg draws them.
#[derive(Debug, Clone)]
pub struct Font {
    pub path: PathBuf,
    data: Vec<u8>,
}

impl Font {
    pub(crate) fn find(file: &str) -> Result<Self, RenderError> {
        for dir in FONT_DIRS {
            let path = Path::new(dir).join(file);
            if let Ok(data) = std::fs::read(&path) {
                if ttf_parser::Face::parse(&data, 0).is_ok() {
                    return Ok(Self { path, data });
                }
            }
        }
        Err(RenderError::MissingTool {
            tool: "the DejaVu fonts",
            hint: "Install them with `apt-get install fonts-dejavu-core` (Debian/Ubuntu) or `brew install --cask font-dejavu` (macOS).",
        })
    }

    /// The font file's bytes.
    pub(crate) fn data(&self) -> &[u8] {
        &self.data
    }

    /// Width of `text` in pixels at `size`.
    pub fn width(&self, text: &str, size: u32) -> f32 {
        let Ok(face) = ttf_parser::Face::parse(&self.data, 0) else {
            return 0.0;
        };
        let units: u32 = text
            .chars()
            .map(|c| {
                face.glyph_index(c)
                    .and_then(|g| face.glyph_hor_advance(g))
                    .map_or(u32::from(face.units_per_em()) / 2, u32::from)
            })
            .sum();
        units as f32 * size as f32 / f32::from(face.units_per_em())
    }

    /// Greedy word wrap to `max` pixels; a single word wider than the line is kept whole.
    pub fn wrap(&self, text: &str, size: u32, max: f32) -> Vec<String> {
        let mut lines = Vec::new();
        let mut current = String::new();
        for word in text.split_whitespace() {
            let candidate = if current.is_empty() {
                word.to_owned()
            } else {
                format!("{current} {word}")
            };
            if !current.is_empty() && self.width(&candidate, size) > max {
                lines.push(std::mem::replace(&mut current, word.to_owned()));
            } else {
                current = candidate;
            }
        }
        if !current.is_empty() {
            lines.push(current);
        }
        lines
    }
}

#[derive(Debug, Clone)]
pub struct Fonts {
    pub regular: Font,
    pub bold: Font,
}

impl Fonts {
    pub fn load() -> Result<Self, RenderError> {
        Ok(Self {
            regular: Font::find("DejaVuSans.ttf")?,
            bold: Font::find("DejaVuSans-Bold.ttf")?,
        })
    }
}

/// Writes the text files and the ffmpeg filtergraph that draws every scene at its time.
/// Input 0 is the background, input 1 the progress bar strip; the output is `[v]`.
pub fn filtergraph(
    script: &RenderScript,
    timeline: &Timeline,
    fonts: &Fonts,
    dir: &Path,
) -> Result<String, RenderError> {
    let mut texts = 0usize;
    let mut text_file = |content: &str| -> Result<PathBuf, RenderError> {
        texts += 1;
        let path = dir.join(format!("text-{texts}.txt"));
        std::fs::write(&path, content)?;
        Ok(path)
    };
    let usable = (WIDTH - 2 * MARGIN) as f32;
    let total_s = timeline.total_ms as f64 / 1000.0;
    // The header band first, so that the tag and brand sit on it.
    let mut g = String::from("[0:v]drawbox=x=0:y=0:w=iw:h=150:color=0x0b2e30:t=fill,\n");
    let mut draw = |font: &Font,
                    file: &Path,
                    size: u32,
                    color: &str,
                    x: &str,
                    y: u32,
                    extra: &str,
                    window: Option<(u64, u64)>| {
        let _ = write!(
            g,
            "drawtext=fontfile='{}':textfile='{}':expansion=none:fontsize={size}:fontcolor={color}:x={x}:y={y}{extra}",
            font.path.display(),
            file.display()
        );
        if let Some((a, b)) = window {
            let _ = write!(
                g,
                ":enable='between(t,{:.3},{:.3})'",
                a as f64 / 1000.0,
                b as f64 / 1000.0
            );
        }
        g.push_str(",\n");
    };

    // Header band: KSB tag and the brand.
    let tag = script.tags.join(" · ");
    draw(
        &fonts.bold,
        &text_file(&tag)?,
        34,
        BACKGROUND,
        &MARGIN.to_string(),
        58,
        ":box=1:boxcolor=0x7ee0d0:boxborderw=14",
        None,
    );
    draw(
        &fonts.regular,
        &text_file("FLOWLINE")?,
        22,
        "0x9fd9d0",
        &format!("w-tw-{MARGIN}"),
        44,
        "",
        None,
    );
    let mut y = 196;
    for line in fonts.regular.wrap(&script.title, 32, usable).iter().take(2) {
        draw(
            &fonts.regular,
            &text_file(line)?,
            32,
            "0xcfeeea",
            &MARGIN.to_string(),
            y,
            "",
            None,
        );
        y += 44;
    }
    let content_top = y + 70;

    let count = script.scenes.len();
    for (i, scene) in script.scenes.iter().enumerate() {
        let window = Some(timeline.scene_window(i));
        let mut y = content_top;
        for line in fonts.bold.wrap(&scene.headline, 60, usable) {
            draw(
                &fonts.bold,
                &text_file(&line)?,
                60,
                "white",
                &MARGIN.to_string(),
                y,
                "",
                window,
            );
            y += 76;
        }
        y += 44;
        for bullet in &scene.bullets {
            draw(
                &fonts.bold,
                &text_file("•")?,
                38,
                BAR,
                &MARGIN.to_string(),
                y + 10, // the glyph is drawn from its own top: centre it on the line
                "",
                window,
            );
            for line in fonts.regular.wrap(bullet, 38, usable - 44.0) {
                draw(
                    &fonts.regular,
                    &text_file(&line)?,
                    38,
                    "0xe8f6f4",
                    &(MARGIN + 44).to_string(),
                    y,
                    "",
                    window,
                );
                y += 52;
            }
            y += 22;
        }
        if y > HEIGHT - 160 {
            return Err(RenderError::Script(format!(
                "scene {} (\"{}\") does not fit on screen; shorten its headline or bullets",
                i + 1,
                scene.headline
            )));
        }
        // The scene counter sits in the header band, under the brand: the bottom of the
        // picture is where the app lays the lesson's title and tags over the video.
        draw(
            &fonts.bold,
            &text_file(&format!("{} / {count}", i + 1))?,
            30,
            "0xcfeeea",
            &format!("w-tw-{MARGIN}"),
            84,
            "",
            window,
        );
    }
    let _ = write!(
        g,
        "drawbox=x=0:y=ih-34:w=iw:h=12:color=0x1d5557:t=fill[bg];\n\
         [1:v]format=yuv420p[bar];\n\
         [bg][bar]overlay=x='-W+W*t/{total_s:.3}':y=H-34:eof_action=pass,format=yuv420p[v]"
    );
    Ok(g)
}
