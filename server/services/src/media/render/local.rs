//! The default renderer: espeak-ng speaks each scene, ffmpeg draws the frames and encodes a
//! faststart H.264/AAC MP4, then grabs a poster. Both come from the system's packages.

use super::layout::{self, Fonts};
use super::wav;
use super::{captions, Progress, RenderError, RenderFuture, RenderScript, RenderedFiles, Renderer};
use std::future::Future;
use std::path::{Path, PathBuf};
use std::pin::Pin;
use std::process::Stdio;
use tokio::io::{AsyncBufReadExt, BufReader};
use tokio::process::Command;

const ESPEAK_HINT: &str =
    "Install it with `apt-get install espeak-ng` (Debian/Ubuntu) or `brew install espeak-ng` (macOS).";
const FFMPEG_HINT: &str =
    "Install it with `apt-get install ffmpeg` (Debian/Ubuntu) or `brew install ffmpeg` (macOS).";

/// espeak-ng + ffmpeg on this machine.
#[derive(Debug, Clone)]
pub struct LocalRenderer {
    /// espeak-ng voice, e.g. `en-gb`.
    pub voice: String,
    /// Words per minute.
    pub speed: u32,
}

impl Default for LocalRenderer {
    fn default() -> Self {
        Self {
            voice: "en-gb".into(),
            speed: 145,
        }
    }
}

fn tool_error(tool: &'static str, hint: &'static str) -> impl Fn(std::io::Error) -> RenderError {
    move |e| {
        if e.kind() == std::io::ErrorKind::NotFound {
            RenderError::MissingTool { tool, hint }
        } else {
            RenderError::ToolFailed {
                tool,
                detail: e.to_string(),
            }
        }
    }
}

async fn run(tool: &'static str, hint: &'static str, cmd: &mut Command) -> Result<(), RenderError> {
    let out = cmd
        .stdin(Stdio::null())
        .kill_on_drop(true)
        .output()
        .await
        .map_err(tool_error(tool, hint))?;
    if out.status.success() {
        Ok(())
    } else {
        let stderr = String::from_utf8_lossy(&out.stderr);
        Err(RenderError::ToolFailed {
            tool,
            detail: stderr.lines().rev().take(4).collect::<Vec<_>>().join(" / "),
        })
    }
}

impl LocalRenderer {
    async fn speak(&self, text: &str, dir: &Path, i: usize) -> Result<PathBuf, RenderError> {
        let text_path = dir.join(format!("narration-{i}.txt"));
        let wav_path = dir.join(format!("narration-{i}.wav"));
        tokio::fs::write(&text_path, text).await?;
        run(
            "espeak-ng",
            ESPEAK_HINT,
            Command::new("espeak-ng")
                .arg("-v")
                .arg(&self.voice)
                .arg("-s")
                .arg(self.speed.to_string())
                .arg("-w")
                .arg(&wav_path)
                .arg("-f")
                .arg(&text_path),
        )
        .await?;
        Ok(wav_path)
    }

    async fn encode(
        &self,
        graph: &Path,
        audio: &Path,
        total_ms: u64,
        out: &Path,
        progress: Progress<'_>,
    ) -> Result<(), RenderError> {
        let seconds = format!("{:.3}", total_ms as f64 / 1000.0);
        let background = format!(
            "color=c=0x0f3d3e:s={}x{}:r={}:d={seconds}",
            layout::WIDTH,
            layout::HEIGHT,
            layout::FPS
        );
        let bar = format!(
            "color=c=0x2ad4b9:s={}x12:r={}:d={seconds}",
            layout::WIDTH,
            layout::FPS
        );
        let mut child = Command::new("ffmpeg")
            .args(["-hide_banner", "-nostdin", "-loglevel", "error", "-y"])
            .args(["-f", "lavfi", "-i", &background, "-f", "lavfi", "-i", &bar])
            .arg("-i")
            .arg(audio)
            .arg("-filter_complex_script")
            .arg(graph)
            .args(["-map", "[v]", "-map", "2:a"])
            .args([
                "-c:v",
                "libx264",
                "-preset",
                "veryfast",
                "-tune",
                "stillimage",
                "-crf",
                "24",
            ])
            .args([
                "-pix_fmt",
                "yuv420p",
                "-profile:v",
                "high",
                "-g",
                &(layout::FPS * 2).to_string(),
            ])
            .args(["-c:a", "aac", "-b:a", "96k", "-ar", "44100"])
            .args([
                "-movflags",
                "+faststart",
                "-shortest",
                "-progress",
                "pipe:1",
                "-nostats",
            ])
            .arg(out)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .kill_on_drop(true)
            .spawn()
            .map_err(tool_error("ffmpeg", FFMPEG_HINT))?;
        let stderr = child.stderr.take();
        let errors = tokio::spawn(async move {
            let mut text = String::new();
            if let Some(mut s) = stderr {
                use tokio::io::AsyncReadExt;
                let _ = s.read_to_string(&mut text).await;
            }
            text
        });
        if let Some(stdout) = child.stdout.take() {
            let mut lines = BufReader::new(stdout).lines();
            while let Ok(Some(line)) = lines.next_line().await {
                if let Some(us) = line
                    .strip_prefix("out_time_us=")
                    .and_then(|v| v.parse::<u64>().ok())
                {
                    progress((us as f32 / 1000.0 / total_ms.max(1) as f32).clamp(0.0, 1.0) * 0.95);
                }
            }
        }
        let status = child.wait().await?;
        let stderr = errors.await.unwrap_or_default();
        if status.success() {
            Ok(())
        } else {
            Err(RenderError::ToolFailed {
                tool: "ffmpeg",
                detail: stderr.lines().rev().take(4).collect::<Vec<_>>().join(" / "),
            })
        }
    }
}

impl Renderer for LocalRenderer {
    fn id(&self) -> &str {
        "local-espeak-ffmpeg/3"
    }

    fn check(&self) -> Pin<Box<dyn Future<Output = Result<(), RenderError>> + Send + '_>> {
        Box::pin(async move {
            run(
                "espeak-ng",
                ESPEAK_HINT,
                Command::new("espeak-ng").arg("--version"),
            )
            .await?;
            run(
                "ffmpeg",
                FFMPEG_HINT,
                Command::new("ffmpeg").arg("-version"),
            )
            .await?;
            Fonts::load()?;
            Ok(())
        })
    }

    fn render<'a>(
        &'a self,
        script: &'a RenderScript,
        dir: &'a Path,
        progress: Progress<'a>,
    ) -> RenderFuture<'a> {
        Box::pin(async move {
            if script.scenes.is_empty() {
                return Err(RenderError::Script(
                    "a script needs at least one scene".into(),
                ));
            }
            let fonts = Fonts::load()?;
            let mut clips = Vec::with_capacity(script.scenes.len());
            for (i, scene) in script.scenes.iter().enumerate() {
                clips.push(self.speak(&scene.narration, dir, i).await?);
            }
            progress(0.05);
            let audio = dir.join("narration.wav");
            let clip_refs: Vec<&Path> = clips.iter().map(PathBuf::as_path).collect();
            let timeline = wav::join(&clip_refs, &audio)?;

            let narrations: Vec<&str> =
                script.scenes.iter().map(|s| s.narration.as_str()).collect();
            let captions = dir.join("captions.vtt");
            let cues = captions::cues(&narrations, &timeline.spans);
            tokio::fs::write(&captions, captions::to_vtt(&cues)).await?;

            let graph = dir.join("graph.txt");
            tokio::fs::write(&graph, layout::filtergraph(script, &timeline, &fonts, dir)?).await?;
            let video = dir.join("video.mp4");
            let scaled = |p: f32| progress(0.05 + p);
            self.encode(&graph, &audio, timeline.total_ms, &video, &scaled)
                .await?;

            // The poster: the first scene, fully drawn.
            let (_, first_end) = timeline.scene_window(0);
            let at = format!("{:.3}", first_end.saturating_sub(300) as f64 / 1000.0);
            let poster = dir.join("poster.jpg");
            run(
                "ffmpeg",
                FFMPEG_HINT,
                Command::new("ffmpeg")
                    .args(["-hide_banner", "-loglevel", "error", "-y", "-ss", &at, "-i"])
                    .arg(&video)
                    // Sent before the first frame on every first visit: small over perfect.
                    .args(["-frames:v", "1", "-q:v", "5"])
                    .arg(&poster),
            )
            .await?;
            progress(1.0);
            Ok(RenderedFiles {
                video,
                captions,
                poster,
                duration_ms: timeline.total_ms,
            })
        })
    }
}
