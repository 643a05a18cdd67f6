using GymBridge.Values;

namespace GymBridge.Envs;

/// <summary>A toy-text env's full model <c>P</c>: for each state and action, the possible transitions.</summary>
public sealed class TransitionTable
{
    private readonly Dictionary<(long State, long Action), Transition[]> _table = [];

    internal TransitionTable(GymMap p)
    {
        var states = new SortedSet<long>();
        var actions = new SortedSet<long>();
        foreach (var (state, byAction) in p.Entries)
        {
            states.Add(state.AsInt64());
            foreach (var (action, transitions) in byAction.AsMap().Entries)
            {
                actions.Add(action.AsInt64());
                _table[(state.AsInt64(), action.AsInt64())] = transitions.AsList()
                    .Select(t => new Transition(t[0].AsDouble(), t[1].AsInt64(), t[2].AsDouble(), t[3].AsBoolean()))
                    .ToArray();
            }
        }

        States = [.. states];
        Actions = [.. actions];
    }

    /// <summary>Every state of the table, in order.</summary>
    public IReadOnlyList<long> States { get; }

    /// <summary>Every action of the table, in order.</summary>
    public IReadOnlyList<long> Actions { get; }

    /// <summary>The outcomes of taking <paramref name="action"/> in <paramref name="state"/>: probability, next state, reward, terminated.</summary>
    public IReadOnlyList<Transition> this[long state, long action] =>
        _table.TryGetValue((state, action), out var transitions)
            ? transitions
            : throw new KeyNotFoundException($"P has no entry for state {state}, action {action}.");
}
