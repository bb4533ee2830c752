using Occupancy.Api.Hosting;

namespace Occupancy.Api.Problems;

internal static class BodySizeLimit
{
    /// <summary>
    /// A declared body above the limit is refused before it is read (413 problem); a body of unknown length (chunked)
    /// fails with the same 413 once it passes the limit while being read. Kestrel caps bodies too; this answers the same
    /// on every server, including the test host, which caps nothing.
    /// </summary>
    public static IApplicationBuilder UseBodySizeLimit(this IApplicationBuilder app) =>
        // Not async itself: a hub connection's request stays in the pipeline for as long as the connection does.
        app.Use((context, next) =>
        {
            if (context.Request.ContentLength > ApiServices.MaxBodyBytes)
                return ProblemResponses.For(ProblemStatus.PayloadTooLarge, $"The body may have at most {ApiServices.MaxBodyBytes} bytes.").ExecuteAsync(context);
            if (context.Request.ContentLength is null) context.Request.Body = new CappedBody(context.Request.Body, ApiServices.MaxBodyBytes);
            return next(context);
        });

    /// <summary>Reads through to the request's body and throws Kestrel's own 413 once more than the cap was read.</summary>
    private sealed class CappedBody(Stream inner, long cap) : Stream
    {
        private long _read;

        public override bool CanRead => true;
        public override bool CanSeek => false;
        public override bool CanWrite => false;
        public override long Length => throw new NotSupportedException();
        public override long Position { get => _read; set => throw new NotSupportedException(); }

        public override int Read(byte[] buffer, int offset, int count) => Count(inner.Read(buffer, offset, count));

        public override async ValueTask<int> ReadAsync(Memory<byte> buffer, CancellationToken cancellationToken = default) =>
            Count(await inner.ReadAsync(buffer, cancellationToken));

        public override Task<int> ReadAsync(byte[] buffer, int offset, int count, CancellationToken cancellationToken) =>
            ReadAsync(buffer.AsMemory(offset, count), cancellationToken).AsTask();

        private int Count(int read)
        {
            _read += read;
            if (_read > cap) throw new BadHttpRequestException("The body is larger than allowed.", StatusCodes.Status413PayloadTooLarge);
            return read;
        }

        public override void Flush() { }
        public override long Seek(long offset, SeekOrigin origin) => throw new NotSupportedException();
        public override void SetLength(long value) => throw new NotSupportedException();
        public override void Write(byte[] buffer, int offset, int count) => throw new NotSupportedException();
    }
}
