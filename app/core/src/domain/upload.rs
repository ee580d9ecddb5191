//! Files from the job: which kinds an apprentice may send, how large each may be, and a check
//! of the first bytes that the file is what it claims to be. The phone checks the limits before
//! it sends anything; the server checks them again and sniffs the bytes once they have arrived.

/// What a file from the job is, by its media type.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FileKind {
    Photo,
    Video,
    Voice,
}

/// The media types accepted, by kind.
pub const ACCEPTED: &[(&str, FileKind)] = &[
    ("image/jpeg", FileKind::Photo),
    ("image/png", FileKind::Photo),
    ("image/webp", FileKind::Photo),
    ("video/mp4", FileKind::Video),
    ("video/quicktime", FileKind::Video),
    ("video/webm", FileKind::Video),
    ("audio/webm", FileKind::Voice),
    ("audio/ogg", FileKind::Voice),
    ("audio/mp4", FileKind::Voice),
    ("audio/mpeg", FileKind::Voice),
];

/// Bytes in each chunk a phone sends (well under the server's request body limit).
pub const CHUNK_BYTES: u64 = 512 * 1024;

/// Most files one piece of evidence holds.
pub const MAX_FILES: usize = 6;

const MB: u64 = 1024 * 1024;

impl FileKind {
    /// The kind of `content_type` (parameters such as `;codecs=` ignored), if accepted.
    pub fn of(content_type: &str) -> Option<FileKind> {
        let base = content_type
            .split(';')
            .next()
            .unwrap_or("")
            .trim()
            .to_ascii_lowercase();
        ACCEPTED
            .iter()
            .find(|(t, _)| *t == base)
            .map(|(_, kind)| *kind)
    }

    /// The largest file of this kind, in bytes.
    pub fn limit_bytes(self) -> u64 {
        match self {
            FileKind::Photo => 15 * MB,
            FileKind::Video => 100 * MB,
            FileKind::Voice => 20 * MB,
        }
    }

    pub fn as_str(self) -> &'static str {
        match self {
            FileKind::Photo => "photo",
            FileKind::Video => "video",
            FileKind::Voice => "voice",
        }
    }

    /// "A photo can be 15 MB at most."
    pub fn limit_text(self) -> String {
        let noun = match self {
            FileKind::Photo => "A photo",
            FileKind::Video => "A video",
            FileKind::Voice => "A voice note",
        };
        format!("{noun} can be {} MB at most.", self.limit_bytes() / MB)
    }
}

/// Why a file is refused before anything is sent.
pub fn check(content_type: &str, size: u64) -> Result<FileKind, String> {
    let Some(kind) = FileKind::of(content_type) else {
        return Err(
            "Send a photo (JPEG, PNG or WebP), a video (MP4, MOV or WebM) or a voice note \
             (WebM, Ogg, M4A or MP3)."
                .to_owned(),
        );
    };
    if size == 0 {
        return Err("The file is empty.".to_owned());
    }
    if size > kind.limit_bytes() {
        return Err(format!(
            "{} This one is {:.1} MB.",
            kind.limit_text(),
            size as f64 / MB as f64
        ));
    }
    Ok(kind)
}

/// Whether the first bytes of a file match its declared media type.
pub fn sniff(content_type: &str, head: &[u8]) -> bool {
    let base = content_type
        .split(';')
        .next()
        .unwrap_or("")
        .trim()
        .to_ascii_lowercase();
    let at = |offset: usize, magic: &[u8]| head.get(offset..offset + magic.len()) == Some(magic);
    match base.as_str() {
        "image/jpeg" => at(0, &[0xFF, 0xD8, 0xFF]),
        "image/png" => at(0, b"\x89PNG\r\n\x1a\n"),
        "image/webp" => at(0, b"RIFF") && at(8, b"WEBP"),
        // ISO base media (MP4, MOV, M4A): a box whose type is `ftyp` (QuickTime may start
        // with `wide`, `moov` or `mdat` too).
        "video/mp4" | "audio/mp4" | "video/quicktime" => {
            at(4, b"ftyp") || at(4, b"wide") || at(4, b"moov") || at(4, b"mdat")
        }
        // Matroska / WebM: the EBML header.
        "video/webm" | "audio/webm" => at(0, &[0x1A, 0x45, 0xDF, 0xA3]),
        "audio/ogg" => at(0, b"OggS"),
        // MP3: an ID3 tag or a frame sync.
        "audio/mpeg" => {
            at(0, b"ID3") || head.len() >= 2 && head[0] == 0xFF && head[1] & 0xE0 == 0xE0
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_photo_over_the_limit_is_refused_with_the_limit_named() {
        let err = check("image/jpeg", 16 * MB).expect_err("over the limit");
        assert!(err.contains("15 MB"), "{err}");
        assert!(err.contains("16.0 MB"), "{err}");
        assert_eq!(check("image/jpeg", 15 * MB), Ok(FileKind::Photo));
    }

    #[test]
    fn a_file_of_another_type_is_refused_by_what_is_accepted() {
        let err = check("application/pdf", 10).expect_err("not accepted");
        assert!(err.contains("JPEG"), "{err}");
        assert_eq!(check("audio/webm;codecs=opus", 10), Ok(FileKind::Voice));
        assert!(check("image/png", 0).is_err());
    }

    #[test]
    fn first_bytes_must_match_the_declared_type() {
        assert!(sniff("image/jpeg", &[0xFF, 0xD8, 0xFF, 0xE0]));
        assert!(!sniff("image/jpeg", b"\x89PNG\r\n\x1a\n"));
        assert!(sniff("image/png", b"\x89PNG\r\n\x1a\n...."));
        assert!(sniff("image/webp", b"RIFF\x00\x00\x00\x00WEBPVP8 "));
        assert!(sniff("video/mp4", b"\x00\x00\x00\x20ftypisom"));
        assert!(sniff("audio/webm", &[0x1A, 0x45, 0xDF, 0xA3, 0x01]));
        assert!(sniff("audio/ogg", b"OggS\x00"));
        assert!(sniff("audio/mpeg", b"ID3\x04"));
        assert!(!sniff("video/mp4", b"<html>"));
        assert!(!sniff("image/jpeg", &[]));
    }
}
