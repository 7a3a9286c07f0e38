//! Brotli and gzip copies of the built assets, made once at start-up so that
//! every request gets the smallest file without compressing it again.

use std::io::Write;
use std::path::Path;

const COMPRESSIBLE: &[&str] = &["js", "wasm", "css", "svg", "html", "json", "txt"];

/// Writes `file.br` and `file.gz` beside every compressible file under `root`
/// that lacks them or is newer than them. Returns how many files it wrote.
pub fn precompress(root: &Path) -> std::io::Result<usize> {
    let mut written = 0;
    if !root.exists() {
        return Ok(0);
    }
    for entry in std::fs::read_dir(root)? {
        let path = entry?.path();
        if path.is_dir() {
            written += precompress(&path)?;
            continue;
        }
        let ext = path.extension().and_then(|e| e.to_str()).unwrap_or("");
        if !COMPRESSIBLE.contains(&ext) {
            continue;
        }
        let source_time = std::fs::metadata(&path)?.modified()?;
        let data = std::fs::read(&path)?;
        for (suffix, compress) in [
            ("br", brotli_bytes as fn(&[u8]) -> Vec<u8>),
            ("gz", gzip_bytes),
        ] {
            let target = path.with_extension(format!("{ext}.{suffix}"));
            let fresh = std::fs::metadata(&target)
                .and_then(|m| m.modified())
                .map(|t| t >= source_time)
                .unwrap_or(false);
            if !fresh {
                std::fs::write(&target, compress(&data))?;
                written += 1;
            }
        }
    }
    Ok(written)
}

pub fn brotli_bytes(data: &[u8]) -> Vec<u8> {
    let mut out = Vec::new();
    {
        let mut w = brotli::CompressorWriter::new(&mut out, 4096, 11, 22);
        w.write_all(data).expect("writing to memory");
    }
    out
}

fn gzip_bytes(data: &[u8]) -> Vec<u8> {
    let mut w = flate2::write::GzEncoder::new(Vec::new(), flate2::Compression::best());
    w.write_all(data).expect("writing to memory");
    w.finish().expect("writing to memory")
}
