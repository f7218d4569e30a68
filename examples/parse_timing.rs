fn main() {
    let bytes = std::fs::read(std::env::args().nth(1).unwrap()).unwrap();
    let t = std::time::Instant::now();
    let m = wa_token::envfile::EnvFile::parse(bytes.clone()).unwrap();
    println!("model parse: {:?} ({} assignments)", t.elapsed(), m.assignments().len());
    let t = std::time::Instant::now();
    let v = wa_token::config::read_values(&bytes).unwrap();
    println!("read_values (dotenvy): {:?} ({} keys)", t.elapsed(), v.len());
    let t = std::time::Instant::now();
    let vals = m.values();
    println!("model values: {:?} ({})", t.elapsed(), vals.len());
}
