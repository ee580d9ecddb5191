//! Joining the narrator's clips into one soundtrack with pauses, and knowing where each clip
//! landed (the captions and the scene changes are timed from it).

use super::RenderError;
use std::path::Path;

/// Pauses around the narration, in milliseconds.
pub const LEAD_IN_MS: u64 = 400;
pub const BETWEEN_SCENES_MS: u64 = 700;
pub const TAIL_MS: u64 = 900;

/// Where one scene's narration sits on the soundtrack.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Span {
    pub start_ms: u64,
    pub end_ms: u64,
}

/// The finished soundtrack: total length and each scene's narration span.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Timeline {
    pub total_ms: u64,
    pub spans: Vec<Span>,
}

impl Timeline {
    /// When scene `i` is on screen: from the end of the previous pause to the next scene.
    pub fn scene_window(&self, i: usize) -> (u64, u64) {
        let start = if i == 0 {
            0
        } else {
            self.spans[i].start_ms.saturating_sub(BETWEEN_SCENES_MS / 2)
        };
        let end = match self.spans.get(i + 1) {
            Some(next) => next.start_ms.saturating_sub(BETWEEN_SCENES_MS / 2),
            None => self.total_ms,
        };
        (start, end)
    }
}

fn wav_error(e: hound::Error) -> RenderError {
    RenderError::ToolFailed {
        tool: "espeak-ng",
        detail: format!("unreadable WAV output: {e}"),
    }
}

/// Concatenates mono 16-bit clips (all at one sample rate) with pauses into `out`.
pub fn join(clips: &[&Path], out: &Path) -> Result<Timeline, RenderError> {
    let mut spec = None;
    let mut samples: Vec<i16> = Vec::new();
    let mut spans = Vec::with_capacity(clips.len());
    let silence = |ms: u64, rate: u32| vec![0i16; (ms * u64::from(rate) / 1000) as usize];
    let ms_at = |n: usize, rate: u32| n as u64 * 1000 / u64::from(rate);
    for (i, clip) in clips.iter().enumerate() {
        let mut reader = hound::WavReader::open(clip).map_err(wav_error)?;
        let s = reader.spec();
        if s.channels != 1 || s.bits_per_sample != 16 || s.sample_format != hound::SampleFormat::Int
        {
            return Err(RenderError::ToolFailed {
                tool: "espeak-ng",
                detail: "expected mono 16-bit WAV".into(),
            });
        }
        let rate = match spec {
            None => {
                spec = Some(s);
                samples.extend(silence(LEAD_IN_MS, s.sample_rate));
                s.sample_rate
            }
            Some(first) if first == s => {
                samples.extend(silence(BETWEEN_SCENES_MS, s.sample_rate));
                s.sample_rate
            }
            Some(_) => {
                return Err(RenderError::ToolFailed {
                    tool: "espeak-ng",
                    detail: format!("clip {i} has a different format"),
                })
            }
        };
        let start = samples.len();
        for sample in reader.samples::<i16>() {
            samples.push(sample.map_err(wav_error)?);
        }
        spans.push(Span {
            start_ms: ms_at(start, rate),
            end_ms: ms_at(samples.len(), rate),
        });
    }
    let spec = spec.ok_or_else(|| RenderError::Script("there is nothing to narrate".into()))?;
    samples.extend(silence(TAIL_MS, spec.sample_rate));
    let mut writer = hound::WavWriter::create(out, spec).map_err(wav_error)?;
    for s in &samples {
        writer.write_sample(*s).map_err(wav_error)?;
    }
    writer.finalize().map_err(wav_error)?;
    Ok(Timeline {
        total_ms: ms_at(samples.len(), spec.sample_rate),
        spans,
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    fn clip(dir: &Path, name: &str, ms: u64) -> std::path::PathBuf {
        let path = dir.join(name);
        let spec = hound::WavSpec {
            channels: 1,
            sample_rate: 10_000,
            bits_per_sample: 16,
            sample_format: hound::SampleFormat::Int,
        };
        let mut w = hound::WavWriter::create(&path, spec).expect("create");
        for i in 0..(ms * 10) {
            w.write_sample((i % 100) as i16).expect("write");
        }
        w.finalize().expect("finalize");
        path
    }

    #[test]
    fn narration_is_laid_out_with_pauses_and_every_span_is_known() {
        let dir = tempfile::tempdir().expect("tempdir");
        let a = clip(dir.path(), "a.wav", 2000);
        let b = clip(dir.path(), "b.wav", 1500);
        let t = join(&[&a, &b], &dir.path().join("all.wav")).expect("join");
        assert_eq!(
            t.spans[0],
            Span {
                start_ms: 400,
                end_ms: 2400
            }
        );
        assert_eq!(
            t.spans[1],
            Span {
                start_ms: 3100,
                end_ms: 4600
            }
        );
        assert_eq!(t.total_ms, 4600 + TAIL_MS);
        assert_eq!(t.scene_window(0), (0, 3100 - 350));
        assert_eq!(t.scene_window(1), (3100 - 350, t.total_ms));
        let written = hound::WavReader::open(dir.path().join("all.wav")).expect("open");
        assert_eq!(u64::from(written.duration()) / 10, t.total_ms);
    }
}
