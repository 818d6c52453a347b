use clap::Parser;

fn main() {
    let cli = tta::cli::Cli::parse();
    // The document reader runs alone, without the async runtime's threads, so the memory
    // limit it is started under is spent on the document.
    if matches!(cli.command, tta::cli::Command::ExtractWorker) {
        std::process::exit(tta::extract::worker::run());
    }
    let runtime = match tokio::runtime::Builder::new_multi_thread()
        .enable_all()
        .build()
    {
        Ok(r) => r,
        Err(e) => {
            eprintln!("tta: cannot start: {e}");
            std::process::exit(1);
        }
    };
    let code = match runtime.block_on(tta::cli::run(cli)) {
        Ok(code) => code,
        Err(e) => {
            eprintln!("tta: {e:#}");
            1
        }
    };
    // Like `#[tokio::main]`: leave without waiting for blocked tasks.
    runtime.shutdown_background();
    std::process::exit(code);
}
