using Mosn.Hosting;

// Socket completions run on the socket engine's epoll thread instead of hopping to the thread pool: the proxy's
// transport code never blocks there (our read loops and handlers run on the thread pool through the pipes' schedulers),
// and the hop cost about a quarter of the requests per CPU second with 4 KiB responses (docs/benchmarks.md). Read by
// System.Net.Sockets when the first socket is created, so it must be set before anything opens one. An explicit value
// in the environment (e.g. 0) wins.
if (Environment.GetEnvironmentVariable(MosnApplication.InlineSocketCompletionsVariable) is null)
{
    Environment.SetEnvironmentVariable(MosnApplication.InlineSocketCompletionsVariable, "1");
}

return await MosnApplication.RunAsync(args, Console.Out, Console.Error);
