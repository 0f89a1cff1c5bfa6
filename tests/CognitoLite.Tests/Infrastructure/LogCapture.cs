using System.Collections.Concurrent;
using Microsoft.Extensions.DependencyInjection;
using Serilog.Core;
using Serilog.Events;

namespace CognitoLite.Tests.Infrastructure;

/// <summary>The log events of one host, kept for the test to read: the server adds the Serilog sinks it finds as services.</summary>
public sealed class LogCapture : ILogEventSink
{
    private readonly ConcurrentQueue<LogEvent> _events = new();

    public IReadOnlyCollection<LogEvent> Events => _events;

    /// <summary>For a host's services: adds this capture as a sink.</summary>
    public void AddTo(IServiceCollection services) => services.AddSingleton<ILogEventSink>(this);

    public void Emit(LogEvent logEvent)
    {
        _events.Enqueue(logEvent);
        lock (_waiters) foreach (var waiter in _waiters) waiter.Check();
    }

    private readonly List<Waiter> _waiters = [];

    /// <summary>
    /// Waits until the events satisfy the condition: a request's log line is written after its answer went out, so a
    /// test that has its answers may not have their lines yet.
    /// </summary>
    public async Task WaitUntil(Func<IReadOnlyCollection<LogEvent>, bool> condition, TimeSpan timeout)
    {
        var waiter = new Waiter(() => condition(_events));
        lock (_waiters) _waiters.Add(waiter);
        try
        {
            waiter.Check();
            await waiter.Done.Task.WaitAsync(timeout);
        }
        catch (TimeoutException)
        {
            // The caller's assertions say what is missing.
        }
        finally
        {
            lock (_waiters) _waiters.Remove(waiter);
        }
    }

    private sealed class Waiter(Func<bool> condition)
    {
        public TaskCompletionSource Done { get; } = new(TaskCreationOptions.RunContinuationsAsynchronously);

        public void Check()
        {
            if (condition()) Done.TrySetResult();
        }
    }
}
