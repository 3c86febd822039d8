//! `vigie serve [--db FILE] [--addr 127.0.0.1:8080]`: the JSON API and the web page.

use std::path::PathBuf;

use anyhow::Context;

use crate::{Cli, Outcome};

/// Arguments of `vigie serve`.
#[derive(clap::Args, Debug)]
pub struct Args {
    /// The store (opened read-only).
    #[arg(long, default_value = "vigie.db", value_name = "FILE")]
    db: PathBuf,
    /// Address to listen on (port 0: any free port, printed on start).
    #[arg(long, default_value = "127.0.0.1:8080")]
    addr: std::net::SocketAddr,
}

/// Runs the command until the process is stopped.
pub fn run(_cli: &Cli, args: &Args) -> anyhow::Result<Outcome> {
    // Refuse a missing or foreign store before saying we serve it.
    vigie_store::Store::open_read_only(&args.db)?;
    let listener = std::net::TcpListener::bind(args.addr)
        .with_context(|| format!("listening on {}", args.addr))?;
    let addr = listener.local_addr()?;
    // The first stdout line says where to connect (tests and scripts read it).
    println!("vigie: serving {} on http://{addr}/", args.db.display());
    use std::io::Write;
    std::io::stdout().flush()?;
    vigie_server::serve_blocking(listener, &args.db)
        .with_context(|| format!("serving {}", args.db.display()))?;
    Ok(Outcome::Ok)
}
