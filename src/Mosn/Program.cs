using Mosn.Hosting;

return await MosnApplication.RunAsync(args, Console.Out, Console.Error);
