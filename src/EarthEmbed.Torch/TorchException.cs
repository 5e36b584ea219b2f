namespace EarthEmbed.Torch;

/// <summary>An error raised inside libtorch (or the shim), carrying libtorch's own message, for example
/// "The size of tensor a (3) must match the size of tensor b (4) at non-singleton dimension 1".</summary>
public sealed class TorchException : Exception
{
    /// <summary>Creates the exception with libtorch's message.</summary>
    public TorchException(string message) : base(message) { }

    /// <summary>Creates the exception with a message and the exception that caused it.</summary>
    public TorchException(string message, Exception inner) : base(message, inner) { }

    /// <summary>Creates the exception with no message.</summary>
    public TorchException() { }
}
