//! Just enough of the MP4 (ISO BMFF) container to tell whether a file is an MP4 video and
//! whether it is "faststart" (the `moov` index before the `mdat` media data, so a browser can
//! start playing before the whole file has arrived).

use std::io::{Read, Seek, SeekFrom};

/// The top-level boxes of an MP4 file, as (type, size in bytes).
pub fn top_level_boxes<R: Read + Seek>(mut r: R) -> std::io::Result<Vec<(String, u64)>> {
    let len = r.seek(SeekFrom::End(0))?;
    r.seek(SeekFrom::Start(0))?;
    let mut at = 0u64;
    let mut boxes = Vec::new();
    while at + 8 <= len {
        let mut head = [0u8; 8];
        r.read_exact(&mut head)?;
        let mut size = u64::from(u32::from_be_bytes([head[0], head[1], head[2], head[3]]));
        let kind = String::from_utf8_lossy(&head[4..8]).into_owned();
        if size == 1 {
            let mut large = [0u8; 8];
            r.read_exact(&mut large)?;
            size = u64::from_be_bytes(large);
        } else if size == 0 {
            size = len - at;
        }
        if size < 8 || at + size > len {
            return Err(std::io::Error::new(
                std::io::ErrorKind::InvalidData,
                format!("box `{kind}` at byte {at} has an impossible size"),
            ));
        }
        boxes.push((kind, size));
        at += size;
        r.seek(SeekFrom::Start(at))?;
    }
    Ok(boxes)
}

/// An MP4 (starts with `ftyp`) whose `moov` comes before its `mdat`.
pub fn is_faststart_mp4(boxes: &[(String, u64)]) -> bool {
    let pos = |k: &str| boxes.iter().position(|(kind, _)| kind == k);
    boxes.first().is_some_and(|(k, _)| k == "ftyp")
        && matches!((pos("moov"), pos("mdat")), (Some(m), Some(d)) if m < d)
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::io::Cursor;

    fn mp4(order: &[&str]) -> Vec<u8> {
        let mut out = Vec::new();
        for kind in order {
            out.extend_from_slice(&16u32.to_be_bytes());
            out.extend_from_slice(kind.as_bytes());
            out.extend_from_slice(&[0u8; 8]);
        }
        out
    }

    #[test]
    fn faststart_means_the_index_comes_before_the_media() {
        let fast = top_level_boxes(Cursor::new(mp4(&["ftyp", "moov", "mdat"]))).expect("reads");
        assert_eq!(
            fast.iter().map(|(k, _)| k.as_str()).collect::<Vec<_>>(),
            ["ftyp", "moov", "mdat"]
        );
        assert!(is_faststart_mp4(&fast));
        let slow = top_level_boxes(Cursor::new(mp4(&["ftyp", "mdat", "moov"]))).expect("reads");
        assert!(!is_faststart_mp4(&slow));
        let not_mp4 = top_level_boxes(Cursor::new(b"<html>not a video</html>".to_vec()));
        assert!(not_mp4.is_err() || !is_faststart_mp4(&not_mp4.unwrap_or_default()));
    }
}
