namespace Mosn.Abstractions.Streams;

/// <summary>Implemented by the proxy: gets the streams a server stream connection decodes.</summary>
public interface IServerStreamConnectionCallbacks
{
    /// <summary>
    /// A new request stream has begun. <paramref name="responseSender"/> encodes its response; the returned receiver
    /// gets the request's headers, data and trailers.
    /// </summary>
    IStreamReceiver OnNewStream(IStreamSender responseSender);

    /// <summary>The peer said it will open no more streams.</summary>
    void OnGoAway() { }
}
