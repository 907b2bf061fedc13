using System.Threading;

namespace CpuidAnalyzers;

/// <summary>
/// A yes/no answer about a whole compilation, computed on first use and then read by every callback
/// for free. Threads that race compute it twice, to the same value. A mutable struct: keep it in a field.
/// </summary>
internal struct OnceAnswer
{
    private int _state; // 0: not asked yet, 1: no, 2: yes

    public bool TryGet(out bool answer)
    {
        var state = Volatile.Read(ref _state);
        answer = state == 2;
        return state != 0;
    }

    public bool Set(bool answer)
    {
        Volatile.Write(ref _state, answer ? 2 : 1);
        return answer;
    }
}
