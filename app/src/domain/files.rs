//! Uploaded files: what we accept, checked by content and not only by name.

use serde::{Deserialize, Serialize};
use time::Duration;

/// The job that removes the files of a rejected or cancelled project.
pub const PURGE_JOB: &str = "purge_project_files";
/// How long a rejected or cancelled project keeps its files: the client
/// may want them back.
pub const PURGE_AFTER: Duration = Duration::days(7);

/// The largest file we accept.
pub const MAX_FILE_BYTES: usize = 5 * 1024 * 1024;
/// How many files one project may carry.
pub const MAX_FILES_PER_PROJECT: i64 = 10;

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub enum FileKind {
    Pdf,
    Png,
    Jpeg,
}

impl FileKind {
    pub fn content_type(self) -> &'static str {
        match self {
            FileKind::Pdf => "application/pdf",
            FileKind::Png => "image/png",
            FileKind::Jpeg => "image/jpeg",
        }
    }

    fn extensions(self) -> &'static [&'static str] {
        match self {
            FileKind::Pdf => &["pdf"],
            FileKind::Png => &["png"],
            FileKind::Jpeg => &["jpg", "jpeg"],
        }
    }

    pub fn from_content_type(raw: &str) -> Option<FileKind> {
        [FileKind::Pdf, FileKind::Png, FileKind::Jpeg]
            .into_iter()
            .find(|k| k.content_type() == raw)
    }
}

/// What the bytes really are, whatever the name says.
pub fn sniff(bytes: &[u8]) -> Option<FileKind> {
    if bytes.starts_with(b"%PDF-") {
        Some(FileKind::Pdf)
    } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
        Some(FileKind::Png)
    } else if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
        Some(FileKind::Jpeg)
    } else {
        None
    }
}

/// Why an upload was refused; travels as a code in the page's address.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum UploadRefusal {
    Empty,
    TooBig,
    NotAllowed,
    NameMismatch,
    TooMany,
    Forbidden,
    Closed,
    /// An invoice that is an accepted file, but not a PDF.
    NotPdf,
}

impl UploadRefusal {
    pub const ALL: [UploadRefusal; 8] = [
        UploadRefusal::Empty,
        UploadRefusal::TooBig,
        UploadRefusal::NotAllowed,
        UploadRefusal::NameMismatch,
        UploadRefusal::TooMany,
        UploadRefusal::Forbidden,
        UploadRefusal::Closed,
        UploadRefusal::NotPdf,
    ];

    pub fn code(self) -> &'static str {
        match self {
            UploadRefusal::Empty => "empty",
            UploadRefusal::TooBig => "too_big",
            UploadRefusal::NotAllowed => "not_allowed",
            UploadRefusal::NameMismatch => "name_mismatch",
            UploadRefusal::TooMany => "too_many",
            UploadRefusal::Forbidden => "forbidden",
            UploadRefusal::Closed => "closed",
            UploadRefusal::NotPdf => "not_pdf",
        }
    }

    pub fn from_code(raw: &str) -> Option<UploadRefusal> {
        Self::ALL.into_iter().find(|r| r.code() == raw)
    }
}

/// A file name safe to store and to send back in a header: no path, no
/// control or quoting characters, at most 120 characters.
pub fn safe_name(raw: &str) -> String {
    let base = raw.rsplit(['/', '\\']).next().unwrap_or("");
    let cleaned: String = base
        .chars()
        .filter(|c| !c.is_control() && !matches!(c, '"' | ';' | '\\' | '/'))
        .take(120)
        .collect();
    let cleaned = cleaned.trim().trim_start_matches('.').to_owned();
    if cleaned.is_empty() {
        "file".into()
    } else {
        cleaned
    }
}

/// Checks an upload: not empty, not too big, an accepted kind by content,
/// and a name whose extension agrees with that content.
pub fn check_upload(name: &str, bytes: &[u8]) -> Result<FileKind, UploadRefusal> {
    if bytes.is_empty() {
        return Err(UploadRefusal::Empty);
    }
    if bytes.len() > MAX_FILE_BYTES {
        return Err(UploadRefusal::TooBig);
    }
    let kind = sniff(bytes).ok_or(UploadRefusal::NotAllowed)?;
    let ext = name
        .rsplit_once('.')
        .map(|(_, e)| e.to_ascii_lowercase())
        .unwrap_or_default();
    if kind.extensions().contains(&ext.as_str()) {
        Ok(kind)
    } else {
        Err(UploadRefusal::NameMismatch)
    }
}

/// An invoice: an upload that passes `check_upload` and is a PDF.
pub fn check_invoice(name: &str, bytes: &[u8]) -> Result<(), UploadRefusal> {
    match check_upload(name, bytes)? {
        FileKind::Pdf => Ok(()),
        _ => Err(UploadRefusal::NotPdf),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn content_decides_not_the_name() {
        assert_eq!(check_upload("spec.pdf", b"%PDF-1.7 ..."), Ok(FileKind::Pdf));
        assert_eq!(check_upload("Plan.PDF", b"%PDF-1.4"), Ok(FileKind::Pdf));
        assert_eq!(
            check_upload("fake.pdf", b"MZ\x90\x00 not a pdf"),
            Err(UploadRefusal::NotAllowed)
        );
        assert_eq!(
            check_upload("photo.pdf", b"\x89PNG\r\n\x1a\n...."),
            Err(UploadRefusal::NameMismatch)
        );
        assert_eq!(
            check_upload("a.jpg", &[0xFF, 0xD8, 0xFF, 0xE0]),
            Ok(FileKind::Jpeg)
        );
        assert_eq!(check_upload("a.pdf", b""), Err(UploadRefusal::Empty));
        assert_eq!(check_invoice("inv.pdf", b"%PDF-1.7"), Ok(()));
        assert_eq!(
            check_invoice("inv.png", b"\x89PNG\r\n\x1a\n...."),
            Err(UploadRefusal::NotPdf)
        );
        assert_eq!(
            check_invoice("inv.pdf", b"<html>"),
            Err(UploadRefusal::NotAllowed)
        );
        let big = [b"%PDF-".as_slice(), &vec![0u8; MAX_FILE_BYTES]].concat();
        assert_eq!(check_upload("big.pdf", &big), Err(UploadRefusal::TooBig));
    }

    #[test]
    fn names_are_made_safe_and_codes_round_trip() {
        assert_eq!(safe_name("../../etc/passwd"), "passwd");
        assert_eq!(safe_name("C:\\Users\\me\\plan \"v2\".pdf"), "plan v2.pdf");
        assert_eq!(safe_name(".htaccess"), "htaccess");
        assert_eq!(safe_name(""), "file");
        for r in UploadRefusal::ALL {
            assert_eq!(UploadRefusal::from_code(r.code()), Some(r));
        }
    }
}
